/* bindery-log-line.c: one line of a job's log, as the log viewer shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bindery-log-line.h"

struct _BinderyLogLine
{
  GObject          parent_instance;

  GDateTime       *time;
  char            *time_text;
  BinderyLogLevel  level;
  char            *path;
  char            *message;
  char            *folded;   /* casefolded message + path, made on first search */
};

G_DEFINE_FINAL_TYPE (BinderyLogLine, bindery_log_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_TIME_TEXT,
  PROP_LEVEL,
  PROP_LEVEL_TEXT,
  PROP_PATH,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bindery_log_line_finalize (GObject *object)
{
  BinderyLogLine *self = BINDERY_LOG_LINE (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->time_text);
  g_free (self->path);
  g_free (self->message);
  g_free (self->folded);

  G_OBJECT_CLASS (bindery_log_line_parent_class)->finalize (object);
}

static void
bindery_log_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BinderyLogLine *self = BINDERY_LOG_LINE (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_TIME_TEXT:
      g_value_set_string (value, self->time_text);
      break;
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    case PROP_LEVEL_TEXT:
      g_value_set_string (value, bindery_log_line_get_level_text (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_log_line_class_init (BinderyLogLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_log_line_finalize;
  object_class->get_property = bindery_log_line_get_property;

  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_TIME_TEXT] = g_param_spec_string ("time-text", NULL, NULL, NULL, ro);
  properties[PROP_LEVEL] = g_param_spec_int ("level", NULL, NULL, BINDERY_LOG_DEBUG, BINDERY_LOG_ERROR,
                                             BINDERY_LOG_INFO, ro);
  properties[PROP_LEVEL_TEXT] = g_param_spec_string ("level-text", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_log_line_init (BinderyLogLine *self)
{
}

BinderyLogLine *
bindery_log_line_new (GDateTime       *time,
                      BinderyLogLevel  level,
                      const char      *path,
                      const char      *message)
{
  BinderyLogLine *self = g_object_new (BINDERY_TYPE_LOG_LINE, NULL);

  self->time = time != NULL ? g_date_time_ref (time) : g_date_time_new_now_local ();
  self->time_text = g_date_time_format (self->time, "%H:%M:%S");
  self->level = CLAMP (level, BINDERY_LOG_DEBUG, BINDERY_LOG_ERROR);
  self->path = g_strdup (path != NULL && path[0] != '\0' ? path : NULL);
  self->message = g_strdup (message != NULL ? message : "");

  return self;
}

GDateTime *
bindery_log_line_get_time (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);
  return self->time;
}

const char *
bindery_log_line_get_time_text (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);
  return self->time_text;
}

BinderyLogLevel
bindery_log_line_get_level (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), BINDERY_LOG_INFO);
  return self->level;
}

const char *
bindery_log_line_get_level_text (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);

  switch (self->level)
    {
    case BINDERY_LOG_DEBUG:
      return C_("log level", "Debug");
    case BINDERY_LOG_INFO:
      return C_("log level", "Info");
    case BINDERY_LOG_WARNING:
      return C_("log level", "Warning");
    case BINDERY_LOG_ERROR:
    default:
      return C_("log level", "Error");
    }
}

const char *
bindery_log_line_get_path (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);
  return self->path;
}

const char *
bindery_log_line_get_message (BinderyLogLine *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);
  return self->message;
}

gboolean
bindery_log_line_matches (BinderyLogLine  *self,
                          BinderyLogLevel  min_level,
                          const char      *search)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *folded_search = NULL;

  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), FALSE);

  if (self->level < min_level)
    return FALSE;
  if (search == NULL || search[0] == '\0')
    return TRUE;

  if (self->folded == NULL)
    {
      g_autofree char *text = g_strconcat (self->message, "\n", self->path != NULL ? self->path : "", NULL);

      self->folded = g_utf8_casefold (text, -1);
    }

  folded_search = g_utf8_casefold (search, -1);
  words = g_strsplit_set (folded_search, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0' && strstr (self->folded, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

char *
bindery_log_line_to_string (BinderyLogLine *self)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (BINDERY_IS_LOG_LINE (self), NULL);

  time = g_date_time_format_iso8601 (self->time);
  return g_strdup_printf ("%s\t%s\t%s\t%s", time, bindery_log_level_to_string (self->level),
                          self->path != NULL ? self->path : "", self->message);
}

char *
bindery_display_path_in (const char *path,
                         const char *root)
{
  gsize root_len;

  if (path == NULL)
    return NULL;
  if (root == NULL || root[0] == '\0')
    return g_strdup (path);

  root_len = strlen (root);
  while (root_len > 1 && root[root_len - 1] == G_DIR_SEPARATOR)
    root_len--;
  if (strncmp (path, root, root_len) != 0)
    return g_strdup (path);
  if (path[root_len] == '\0')
    return g_strdup (".");
  if (path[root_len] != G_DIR_SEPARATOR && !(root_len == 1 && root[0] == G_DIR_SEPARATOR))
    return g_strdup (path);
  path += root_len;
  while (*path == G_DIR_SEPARATOR)
    path++;
  return g_strdup (path[0] != '\0' ? path : ".");
}

GListStore *
bindery_log_lines_from_json (JsonArray *logs)
{
  GListStore *store = g_list_store_new (BINDERY_TYPE_LOG_LINE);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  guint n;

  n = logs != NULL ? json_array_get_length (logs) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *line = json_array_get_object_element (logs, i);
      g_autoptr(GDateTime) time = NULL;
      BinderyLogLevel level = BINDERY_LOG_INFO;
      const char *text;

      if (line == NULL)
        continue;
      text = json_object_get_string_member_with_default (line, "time", NULL);
      if (text != NULL)
        time = g_date_time_new_from_iso8601 (text, local);
      bindery_log_level_from_string (json_object_get_string_member_with_default (line, "level", "info"), &level);
      g_ptr_array_add (lines, bindery_log_line_new (time, level,
                                                   json_object_get_string_member_with_default (line, "path", NULL),
                                                   json_object_get_string_member_with_default (line, "message", "")));
    }
  g_list_store_splice (store, 0, 0, lines->pdata, lines->len);

  return store;
}
