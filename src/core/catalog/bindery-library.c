/* bindery-library.c: a library (a folder tree) and its per-library options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object and its options. Catalog access (add, list, find, remove, move) is in
 * bindery-library-catalog.c.
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bindery-library.h"
#include "bindery-library-private.h"

#define DEFAULT_SCAN_MODE         BINDERY_SCAN_MODE_BATCHED
#define DEFAULT_THUMBNAILS        TRUE
#define DEFAULT_THUMBNAIL_HEIGHT  400
#define MIN_THUMBNAIL_HEIGHT      64
#define MAX_THUMBNAIL_HEIGHT      2000
#define DEFAULT_THUMBNAIL_QUALITY 80
#define MIN_THUMBNAIL_QUALITY     1
#define MAX_THUMBNAIL_QUALITY     100
#define DEFAULT_DEEP_SCAN         FALSE
#define DEFAULT_VERIFY_DATA       FALSE
#define DEFAULT_WATCH             TRUE

struct _BinderyLibrary
{
  GObject parent_instance;

  gint64                id;
  char                 *name;
  char                 *path;          /* filename bytes */
  char                 *display_path;  /* UTF-8 */
  BinderyLibraryPattern pattern;
  char                 *state;

  BinderyScanMode       scan_mode;
  guint                 thumbnail_height;
  guint                 thumbnail_quality;
  char                **ignore;
  JsonObject           *unknown_options; /* keys of newer versions, kept on save */
  guint                 thumbnails : 1;
  guint                 deep_scan : 1;
  guint                 convert_after_scan : 1;
  guint                 delete_converted : 1;
  guint                 verify_data : 1;
  guint                 watch : 1;
};

G_DEFINE_FINAL_TYPE (BinderyLibrary, bindery_library, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PATH,
  PROP_DISPLAY_PATH,
  PROP_PATTERN,
  PROP_STATE,
  PROP_SCAN_MODE,
  PROP_THUMBNAILS,
  PROP_THUMBNAIL_HEIGHT,
  PROP_THUMBNAIL_QUALITY,
  PROP_IGNORE,
  PROP_DEEP_SCAN,
  PROP_CONVERT_AFTER_SCAN,
  PROP_DELETE_CONVERTED_ORIGINALS,
  PROP_VERIFY_DATA,
  PROP_WATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const library_states[] = { "new", "ready", "scanning", "unavailable" };

static const BinderyLibraryOptionInfo option_info[] = {
  { "scan-mode",         "batched|sync", N_("batched: books analysed in parallel, written in batches; "
                                         "sync: each book written as soon as it is read") },
  { "thumbnails",        "true|false",   N_("make cover thumbnails after a scan") },
  { "thumbnail-height",  "64-2000",      N_("thumbnail height in pixels") },
  { "thumbnail-quality", "1-100",        N_("thumbnail WebP quality") },
  { "ignore",            "GLOB,GLOB,...", N_("paths to skip, relative to the library folder (** allowed); "
                                         "empty to clear") },
  { "deep-scan",         "true|false",   N_("re-list every folder even when its mtime is unchanged") },
  { "convert-after-scan", "true|false",  N_("convert RAR and 7z books to CBZ after each scan") },
  { "delete-converted-originals", "true|false",
                                         N_("delete the original of a converted book instead of "
                                            "moving it to the trash") },
  { "verify-data",       "true|false",   N_("after each scan, read every entry of every book changed since "
                                         "its last verification and mark damaged books corrupt") },
  { "watch",             "true|false",   N_("watch the folder for changes and scan what changed") },
};

/* g_set_str() is GLib 2.76 */
static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

static void
bindery_library_finalize (GObject *object)
{
  BinderyLibrary *self = BINDERY_LIBRARY (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->display_path);
  g_free (self->state);
  g_strfreev (self->ignore);
  g_clear_pointer (&self->unknown_options, json_object_unref);

  G_OBJECT_CLASS (bindery_library_parent_class)->finalize (object);
}

static void
bindery_library_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BinderyLibrary *self = BINDERY_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DISPLAY_PATH:
      g_value_set_string (value, self->display_path);
      break;
    case PROP_PATTERN:
      g_value_set_int (value, self->pattern);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_SCAN_MODE:
      g_value_set_int (value, self->scan_mode);
      break;
    case PROP_THUMBNAILS:
      g_value_set_boolean (value, self->thumbnails);
      break;
    case PROP_THUMBNAIL_HEIGHT:
      g_value_set_uint (value, self->thumbnail_height);
      break;
    case PROP_THUMBNAIL_QUALITY:
      g_value_set_uint (value, self->thumbnail_quality);
      break;
    case PROP_IGNORE:
      g_value_set_boxed (value, self->ignore);
      break;
    case PROP_DEEP_SCAN:
      g_value_set_boolean (value, self->deep_scan);
      break;
    case PROP_CONVERT_AFTER_SCAN:
      g_value_set_boolean (value, self->convert_after_scan);
      break;
    case PROP_DELETE_CONVERTED_ORIGINALS:
      g_value_set_boolean (value, self->delete_converted);
      break;
    case PROP_VERIFY_DATA:
      g_value_set_boolean (value, self->verify_data);
      break;
    case PROP_WATCH:
      g_value_set_boolean (value, self->watch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BinderyLibrary *self = BINDERY_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      bindery_library_set_name (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      bindery_library_set_state (self, g_value_get_string (value));
      break;
    case PROP_SCAN_MODE:
      bindery_library_set_scan_mode (self, g_value_get_int (value));
      break;
    case PROP_THUMBNAILS:
      bindery_library_set_thumbnails (self, g_value_get_boolean (value));
      break;
    case PROP_THUMBNAIL_HEIGHT:
      bindery_library_set_thumbnail_height (self, g_value_get_uint (value));
      break;
    case PROP_THUMBNAIL_QUALITY:
      bindery_library_set_thumbnail_quality (self, g_value_get_uint (value));
      break;
    case PROP_IGNORE:
      bindery_library_set_ignore (self, g_value_get_boxed (value));
      break;
    case PROP_DEEP_SCAN:
      bindery_library_set_deep_scan (self, g_value_get_boolean (value));
      break;
    case PROP_CONVERT_AFTER_SCAN:
      bindery_library_set_convert_after_scan (self, g_value_get_boolean (value));
      break;
    case PROP_DELETE_CONVERTED_ORIGINALS:
      bindery_library_set_delete_converted_originals (self, g_value_get_boolean (value));
      break;
    case PROP_VERIFY_DATA:
      bindery_library_set_verify_data (self, g_value_get_boolean (value));
      break;
    case PROP_WATCH:
      bindery_library_set_watch (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_class_init (BinderyLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_library_finalize;
  object_class->get_property = bindery_library_get_property;
  object_class->set_property = bindery_library_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_PATH] =
    g_param_spec_string ("display-path", NULL, NULL, NULL, ro);
  properties[PROP_PATTERN] =
    g_param_spec_int ("pattern", NULL, NULL,
                      BINDERY_LIBRARY_PATTERN_SERIES, BINDERY_LIBRARY_PATTERN_COLLECTION,
                      BINDERY_LIBRARY_PATTERN_SERIES, ro);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "new", rw);
  properties[PROP_SCAN_MODE] =
    g_param_spec_int ("scan-mode", NULL, NULL,
                      BINDERY_SCAN_MODE_BATCHED, BINDERY_SCAN_MODE_SYNC, DEFAULT_SCAN_MODE, rw);
  properties[PROP_THUMBNAILS] =
    g_param_spec_boolean ("thumbnails", NULL, NULL, DEFAULT_THUMBNAILS, rw);
  properties[PROP_THUMBNAIL_HEIGHT] =
    g_param_spec_uint ("thumbnail-height", NULL, NULL,
                       MIN_THUMBNAIL_HEIGHT, MAX_THUMBNAIL_HEIGHT, DEFAULT_THUMBNAIL_HEIGHT, rw);
  properties[PROP_THUMBNAIL_QUALITY] =
    g_param_spec_uint ("thumbnail-quality", NULL, NULL,
                       MIN_THUMBNAIL_QUALITY, MAX_THUMBNAIL_QUALITY, DEFAULT_THUMBNAIL_QUALITY, rw);
  properties[PROP_IGNORE] =
    g_param_spec_boxed ("ignore", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_DEEP_SCAN] =
    g_param_spec_boolean ("deep-scan", NULL, NULL, DEFAULT_DEEP_SCAN, rw);
  properties[PROP_CONVERT_AFTER_SCAN] =
    g_param_spec_boolean ("convert-after-scan", NULL, NULL, FALSE, rw);
  properties[PROP_DELETE_CONVERTED_ORIGINALS] =
    g_param_spec_boolean ("delete-converted-originals", NULL, NULL, FALSE, rw);
  properties[PROP_VERIFY_DATA] =
    g_param_spec_boolean ("verify-data", NULL, NULL, DEFAULT_VERIFY_DATA, rw);
  properties[PROP_WATCH] =
    g_param_spec_boolean ("watch", NULL, NULL, DEFAULT_WATCH, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_library_init (BinderyLibrary *self)
{
  self->state = g_strdup ("new");
  self->scan_mode = DEFAULT_SCAN_MODE;
  self->thumbnails = DEFAULT_THUMBNAILS;
  self->thumbnail_height = DEFAULT_THUMBNAIL_HEIGHT;
  self->thumbnail_quality = DEFAULT_THUMBNAIL_QUALITY;
  self->ignore = g_new0 (char *, 1);
  self->deep_scan = DEFAULT_DEEP_SCAN;
  self->verify_data = DEFAULT_VERIFY_DATA;
  self->watch = DEFAULT_WATCH;
  self->unknown_options = json_object_new ();
}

/* --- options as JSON ----------------------------------------------------------- */

static gboolean
json_member_boolean (JsonObject *object,
                     const char *key,
                     gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
json_member_uint (JsonObject *object,
                  const char *key,
                  guint       min,
                  guint       max,
                  guint      *out)
{
  JsonNode *node = json_object_get_member (object, key);
  gint64 value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < min || value > max)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static void
load_options (BinderyLibrary *self,
              const char     *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *node;
  gboolean flag;
  guint number;

  if (json == NULL || json[0] == '\0')
    return;

  if (!json_parser_load_from_data (parser, json, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_debug ("Options of library %" G_GINT64_FORMAT " are not a JSON object (%s); using defaults",
               self->id, error != NULL ? error->message : "wrong type");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  /* Values of the wrong type or out of range fall back to their default. */
  node = json_object_get_member (object, "scan-mode");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (g_strcmp0 (json_node_get_string (node), "sync") == 0)
        self->scan_mode = BINDERY_SCAN_MODE_SYNC;
      else
        self->scan_mode = BINDERY_SCAN_MODE_BATCHED;
    }
  if (json_member_boolean (object, "thumbnails", &flag))
    self->thumbnails = flag;
  if (json_member_uint (object, "thumbnail-height", MIN_THUMBNAIL_HEIGHT, MAX_THUMBNAIL_HEIGHT, &number))
    self->thumbnail_height = number;
  if (json_member_uint (object, "thumbnail-quality", MIN_THUMBNAIL_QUALITY, MAX_THUMBNAIL_QUALITY, &number))
    self->thumbnail_quality = number;
  if (json_member_boolean (object, "deep-scan", &flag))
    self->deep_scan = flag;
  if (json_member_boolean (object, "convert-after-scan", &flag))
    self->convert_after_scan = flag;
  if (json_member_boolean (object, "delete-converted-originals", &flag))
    self->delete_converted = flag;
  if (json_member_boolean (object, "verify-data", &flag))
    self->verify_data = flag;
  if (json_member_boolean (object, "watch", &flag))
    self->watch = flag;

  node = json_object_get_member (object, "ignore");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
      g_strfreev (self->ignore);
      self->ignore = g_strv_builder_end (builder);
    }

  /* Keep what a newer Bindery stored, so saving does not drop it. */
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (option_info) && !known; i++)
        known = strcmp (l->data, option_info[i].key) == 0;
      if (!known)
        json_object_set_member (self->unknown_options, l->data,
                                json_node_copy (json_object_get_member (object, l->data)));
    }
}

JsonObject *
bindery_library_dup_options (BinderyLibrary *self)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonArray *ignore;

  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);

  object = json_object_new ();
  members = json_object_get_members (self->unknown_options);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (self->unknown_options, l->data)));

  json_object_set_string_member (object, "scan-mode",
                                 self->scan_mode == BINDERY_SCAN_MODE_SYNC ? "sync" : "batched");
  json_object_set_boolean_member (object, "thumbnails", self->thumbnails);
  json_object_set_int_member (object, "thumbnail-height", self->thumbnail_height);
  json_object_set_int_member (object, "thumbnail-quality", self->thumbnail_quality);
  ignore = json_array_new ();
  for (guint i = 0; self->ignore[i] != NULL; i++)
    json_array_add_string_element (ignore, self->ignore[i]);
  json_object_set_array_member (object, "ignore", ignore);
  json_object_set_boolean_member (object, "deep-scan", self->deep_scan);
  json_object_set_boolean_member (object, "convert-after-scan", self->convert_after_scan);
  json_object_set_boolean_member (object, "delete-converted-originals", self->delete_converted);
  json_object_set_boolean_member (object, "verify-data", self->verify_data);
  json_object_set_boolean_member (object, "watch", self->watch);

  return object;
}

char *
_bindery_library_options_to_json (BinderyLibrary *self)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = bindery_library_dup_options (self);

  json_node_set_object (root, object);
  return json_to_string (root, FALSE);
}

char *
_bindery_library_default_options_json (void)
{
  g_autoptr(BinderyLibrary) defaults = g_object_new (BINDERY_TYPE_LIBRARY, NULL);

  return _bindery_library_options_to_json (defaults);
}

BinderyLibrary *
_bindery_library_new_from_row (gint64                 id,
                               const char            *name,
                               const char            *path,
                               gsize                  path_len,
                               BinderyLibraryPattern  pattern,
                               const char            *state,
                               const char            *options_json)
{
  BinderyLibrary *self = g_object_new (BINDERY_TYPE_LIBRARY, NULL);

  self->id = id;
  self->name = g_strdup (name != NULL ? name : "");
  self->path = g_strndup (path != NULL ? path : "", path_len);
  self->display_path = g_filename_display_name (self->path);
  self->pattern = pattern;
  if (state != NULL && bindery_library_state_is_valid (state))
    set_str (&self->state, state);
  load_options (self, options_json);

  return self;
}

/* --- accessors ----------------------------------------------------------------- */

gint64
bindery_library_get_id (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), 0);
  return self->id;
}

const char *
bindery_library_get_name (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);
  return self->name;
}

void
bindery_library_set_name (BinderyLibrary *self,
                          const char     *name)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  if (set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bindery_library_get_path (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);
  return self->path;
}

const char *
bindery_library_get_display_path (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);
  return self->display_path;
}

BinderyLibraryPattern
bindery_library_get_pattern (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), BINDERY_LIBRARY_PATTERN_SERIES);
  return self->pattern;
}

const char *
bindery_library_get_state (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);
  return self->state;
}

gboolean
bindery_library_state_is_valid (const char *state)
{
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (library_states); i++)
    if (strcmp (state, library_states[i]) == 0)
      return TRUE;
  return FALSE;
}

void
bindery_library_set_state (BinderyLibrary *self,
                           const char     *state)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));
  g_return_if_fail (bindery_library_state_is_valid (state));

  if (set_str (&self->state, state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

BinderyScanMode
bindery_library_get_scan_mode (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_SCAN_MODE);
  return self->scan_mode;
}

void
bindery_library_set_scan_mode (BinderyLibrary  *self,
                               BinderyScanMode  mode)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));
  g_return_if_fail (mode == BINDERY_SCAN_MODE_BATCHED || mode == BINDERY_SCAN_MODE_SYNC);

  if (self->scan_mode == mode)
    return;
  self->scan_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_MODE]);
}

gboolean
bindery_library_get_thumbnails (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_THUMBNAILS);
  return self->thumbnails;
}

void
bindery_library_set_thumbnails (BinderyLibrary *self,
                                gboolean        enabled)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  enabled = !!enabled;
  if (self->thumbnails == (guint) enabled)
    return;
  self->thumbnails = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAILS]);
}

guint
bindery_library_get_thumbnail_height (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_THUMBNAIL_HEIGHT);
  return self->thumbnail_height;
}

void
bindery_library_set_thumbnail_height (BinderyLibrary *self,
                                      guint           height)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));
  g_return_if_fail (height >= MIN_THUMBNAIL_HEIGHT && height <= MAX_THUMBNAIL_HEIGHT);

  if (self->thumbnail_height == height)
    return;
  self->thumbnail_height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_HEIGHT]);
}

guint
bindery_library_get_thumbnail_quality (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_THUMBNAIL_QUALITY);
  return self->thumbnail_quality;
}

void
bindery_library_set_thumbnail_quality (BinderyLibrary *self,
                                       guint           quality)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));
  g_return_if_fail (quality >= MIN_THUMBNAIL_QUALITY && quality <= MAX_THUMBNAIL_QUALITY);

  if (self->thumbnail_quality == quality)
    return;
  self->thumbnail_quality = quality;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_QUALITY]);
}

const char * const *
bindery_library_get_ignore (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), NULL);
  return (const char * const *) self->ignore;
}

void
bindery_library_set_ignore (BinderyLibrary     *self,
                            const char * const *globs)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  if (globs == NULL)
    globs = empty;
  if (g_strv_equal ((const char * const *) self->ignore, globs))
    return;
  g_strfreev (self->ignore);
  self->ignore = g_strdupv ((char **) globs);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IGNORE]);
}

gboolean
bindery_library_get_deep_scan (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_DEEP_SCAN);
  return self->deep_scan;
}

void
bindery_library_set_deep_scan (BinderyLibrary *self,
                               gboolean        deep)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  deep = !!deep;
  if (self->deep_scan == (guint) deep)
    return;
  self->deep_scan = deep;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEEP_SCAN]);
}

gboolean
bindery_library_get_convert_after_scan (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), FALSE);
  return self->convert_after_scan;
}

void
bindery_library_set_convert_after_scan (BinderyLibrary *self,
                                        gboolean        convert)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  convert = !!convert;
  if (self->convert_after_scan == (guint) convert)
    return;
  self->convert_after_scan = convert;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERT_AFTER_SCAN]);
}

gboolean
bindery_library_get_delete_converted_originals (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), FALSE);
  return self->delete_converted;
}

void
bindery_library_set_delete_converted_originals (BinderyLibrary *self,
                                                gboolean        delete)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  delete = !!delete;
  if (self->delete_converted == (guint) delete)
    return;
  self->delete_converted = delete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_CONVERTED_ORIGINALS]);
}

gboolean
bindery_library_get_verify_data (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_VERIFY_DATA);
  return self->verify_data;
}

void
bindery_library_set_verify_data (BinderyLibrary *self,
                                 gboolean        verify)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  verify = !!verify;
  if (self->verify_data == (guint) verify)
    return;
  self->verify_data = verify;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_DATA]);
}

gboolean
bindery_library_get_watch (BinderyLibrary *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), DEFAULT_WATCH);
  return self->watch;
}

void
bindery_library_set_watch (BinderyLibrary *self,
                           gboolean        watch)
{
  g_return_if_fail (BINDERY_IS_LIBRARY (self));

  watch = !!watch;
  if (self->watch == (guint) watch)
    return;
  self->watch = watch;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH]);
}

const char *
bindery_library_pattern_to_string (BinderyLibraryPattern pattern)
{
  switch (pattern)
    {
    case BINDERY_LIBRARY_PATTERN_COLLECTION:
      return "collection";
    case BINDERY_LIBRARY_PATTERN_SERIES:
    default:
      return "series";
    }
}

gboolean
bindery_library_pattern_from_string (const char            *str,
                                     BinderyLibraryPattern *out)
{
  BinderyLibraryPattern pattern;

  if (g_strcmp0 (str, "series") == 0)
    pattern = BINDERY_LIBRARY_PATTERN_SERIES;
  else if (g_strcmp0 (str, "collection") == 0)
    pattern = BINDERY_LIBRARY_PATTERN_COLLECTION;
  else
    return FALSE;

  if (out != NULL)
    *out = pattern;
  return TRUE;
}

const BinderyLibraryOptionInfo *
bindery_library_get_option_info (guint *n_options)
{
  if (n_options != NULL)
    *n_options = G_N_ELEMENTS (option_info);
  return option_info;
}

/* --- options from text ------------------------------------------------------------ */

static gboolean
parse_boolean (const char *value,
               gboolean   *out)
{
  if (g_strcmp0 (value, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
bad_value (const char  *key,
           const char  *value,
           const char  *expected,
           GError     **error)
{
  g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
               _("Invalid value “%s” for the option “%s”: expected %s"), value, key, expected);
  return FALSE;
}

gboolean
bindery_library_set_option (BinderyLibrary  *self,
                            const char      *key,
                            const char      *value,
                            GError         **error)
{
  gboolean flag;
  guint64 number;

  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (strcmp (key, "scan-mode") == 0)
    {
      if (strcmp (value, "batched") == 0)
        bindery_library_set_scan_mode (self, BINDERY_SCAN_MODE_BATCHED);
      else if (strcmp (value, "sync") == 0)
        bindery_library_set_scan_mode (self, BINDERY_SCAN_MODE_SYNC);
      else
        return bad_value (key, value, "batched or sync", error);
    }
  else if (strcmp (key, "thumbnails") == 0 || strcmp (key, "deep-scan") == 0 ||
           strcmp (key, "verify-data") == 0 || strcmp (key, "watch") == 0)
    {
      if (!parse_boolean (value, &flag))
        return bad_value (key, value, "true or false", error);
      if (key[0] == 't')
        bindery_library_set_thumbnails (self, flag);
      else if (key[0] == 'd')
        bindery_library_set_deep_scan (self, flag);
      else if (key[0] == 'w')
        bindery_library_set_watch (self, flag);
      else
        bindery_library_set_verify_data (self, flag);
    }
  else if (strcmp (key, "convert-after-scan") == 0 || strcmp (key, "delete-converted-originals") == 0)
    {
      if (!parse_boolean (value, &flag))
        return bad_value (key, value, "true or false", error);
      if (key[0] == 'c')
        bindery_library_set_convert_after_scan (self, flag);
      else
        bindery_library_set_delete_converted_originals (self, flag);
    }
  else if (strcmp (key, "thumbnail-height") == 0)
    {
      if (!g_ascii_string_to_unsigned (value, 10, MIN_THUMBNAIL_HEIGHT, MAX_THUMBNAIL_HEIGHT, &number, NULL))
        return bad_value (key, value, "a whole number of pixels from 64 to 2000", error);
      bindery_library_set_thumbnail_height (self, (guint) number);
    }
  else if (strcmp (key, "thumbnail-quality") == 0)
    {
      if (!g_ascii_string_to_unsigned (value, 10, MIN_THUMBNAIL_QUALITY, MAX_THUMBNAIL_QUALITY, &number, NULL))
        return bad_value (key, value, "a whole number from 1 to 100", error);
      bindery_library_set_thumbnail_quality (self, (guint) number);
    }
  else if (strcmp (key, "ignore") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) globs = NULL;

      if (!g_utf8_validate (value, -1, NULL))
        return bad_value (key, value, "comma-separated glob patterns in UTF-8", error);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *glob = g_strstrip (parts[i]);

          if (glob[0] == '\0')
            continue;
          if (g_path_is_absolute (glob))
            return bad_value (key, value, "patterns relative to the library folder, "
                                          "not absolute paths", error);
          g_strv_builder_add (builder, glob);
        }
      globs = g_strv_builder_end (builder);
      bindery_library_set_ignore (self, (const char * const *) globs);
    }
  else
    {
      g_autoptr(GString) keys = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (option_info); i++)
        g_string_append_printf (keys, "%s%s (%s)", i > 0 ? ", " : "",
                                option_info[i].key, option_info[i].values);
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                   _("Unknown library option “%s”; the options are %s"), key, keys->str);
      return FALSE;
    }

  return TRUE;
}
