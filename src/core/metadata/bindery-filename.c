/* bindery-filename.c: series, number, volume and year from file and folder names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fallback when a book carries no metadata of its own. Rules, in order:
 *  1. The name is made valid UTF-8 (one U+FFFD per invalid byte) and its extension (a final
 *     ".xyz" of 1–4 letters or digits, at least one a letter) removed.
 *  2. Groups in (), [] or {} are tags, not words: a group holding only a year 1800–2199 gives
 *     Year ("(2016)"), a group "of N" gives Count ("(of 6)"); every group is then dropped, so
 *     scanner and release tags ("(Digital)", "(Zone-Empire)", "[Group]") never reach a field.
 *  3. '_' separates words like a space ("science_comics_001").
 *  4. Words, left to right:
 *       volume  "v01" "v.1" "vol3" "Vol.3" "volume3", or "v" "Vol" "Vol." "Volume" + a number;
 *       chapter "c045" "ch45" "ch.45" "chap45" "chapter45", or "Ch." "Chapter" + a number;
 *       issue   "#12", or "#" "No." "Issue" + a number;
 *       "of N" right after the number gives Count.
 *     A chapter or issue word gives Number. Without one, the last bare number ("001", "12.5")
 *     gives Number; when the name has a " - " separator only the part before it is searched
 *     first (the part after it is a title), then the whole name.
 *  5. Number is the text without leading zeros ("001" → "1", "012.5" → "12.5"), NumberSort its
 *     value; Volume and Count are integers.
 *  6. Series is the words before the first volume/number word, with trailing separators
 *     (- – — : , .) removed, and only when it has a letter or digit; words after " - " that
 *     follow the number give Title. A name with no volume or number at all is both Series and
 *     Title ("One Shot Stories").
 *  7. When the name has no series words, Series is the folder name, cleaned by rules 1–3.
 *  8. A series written all in lower case with '_' between words is title-cased
 *     ("science_comics" → "Science Comics"); any other spelling is kept as it is.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <string.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"

typedef struct {
  GPtrArray *words;         /* char*, owned */
  gint64     year;          /* 0 when none */
  gint64     count;         /* 0 when none */
  gboolean   had_underscore;
} CleanName;

static void
clean_name_clear (CleanName *clean)
{
  g_clear_pointer (&clean->words, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CleanName, clean_name_clear)

static char *
strip_extension (const char *name)
{
  const char *dot = strrchr (name, '.');
  gboolean letter = FALSE;
  gsize len;

  if (dot == NULL || dot == name)
    return g_strdup (name);
  len = strlen (dot + 1);
  if (len < 1 || len > 4)
    return g_strdup (name);
  for (const char *p = dot + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return g_strdup (name);
      letter = letter || g_ascii_isalpha (*p);
    }
  /* "Saga 012.5" has no extension */
  return letter ? g_strndup (name, dot - name) : g_strdup (name);
}

static void
read_group (CleanName  *clean,
            const char *start,
            gsize       len)
{
  g_autofree char *content = g_strndup (start, len);
  gint64 value;

  g_strstrip (content);
  if (clean->year == 0 && strlen (content) == 4 &&
      bindery_metadata_parse_int (content, 1800, 2199, &value))
    clean->year = value;
  else if (clean->count == 0 && g_ascii_strncasecmp (content, "of ", 3) == 0 &&
           bindery_metadata_parse_int (content + 3, 1, G_MAXINT32, &value))
    clean->count = value;
}

static void
clean_name (CleanName  *clean,
            const char *raw,
            gboolean    strip_ext)
{
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_autofree char *name = strip_ext ? strip_extension (valid) : g_strdup (valid);
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  for (const char *p = name; *p != '\0';)
    {
      const char *close = NULL;

      if (*p == '(' || *p == '[' || *p == '{')
        close = strchr (p, *p == '(' ? ')' : *p == '[' ? ']' : '}');
      if (close != NULL)
        {
          read_group (clean, p + 1, close - p - 1);
          g_string_append_c (text, ' ');
          p = close + 1;
          continue;
        }
      if (*p == '_')
        {
          clean->had_underscore = TRUE;
          g_string_append_c (text, ' ');
        }
      else
        {
          g_string_append_c (text, *p);
        }
      p++;
    }

  clean->words = g_ptr_array_new_with_free_func (g_free);
  words = g_strsplit_set (text->str, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (clean->words, g_strdup (words[i]));
}

/* "12", "012", "12.5" */
static gboolean
is_bare_number (const char *word)
{
  const char *p = word;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.' && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* When word is prefix (case-insensitive, optionally followed by '.') and then a number or
 * nothing, returns what follows ("" when the number is the next word); NULL otherwise. */
static const char *
after_prefix (const char         *word,
              const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      gsize len = strlen (prefixes[i]);
      const char *rest;

      if (g_ascii_strncasecmp (word, prefixes[i], len) != 0)
        continue;
      rest = word + len;
      if (*rest == '.')
        rest++;
      if (*rest == '\0' || is_bare_number (rest))
        return rest;
    }
  return NULL;
}

static const char * const volume_prefixes[] = { "volume", "vol", "v", NULL };
static const char * const chapter_prefixes[] = { "chapter", "chap", "ch", "c", NULL };
static const char * const issue_prefixes[] = { "#", "issue", "no", NULL };

/* Reads a marker at words[*i]; on success sets *number to the number text and advances *i past
 * the words it used. */
static gboolean
read_marker (GPtrArray          *words,
             guint              *i,
             const char * const *prefixes,
             const char        **number)
{
  const char *word = words->pdata[*i];
  const char *rest = after_prefix (word, prefixes);

  if (rest == NULL)
    return FALSE;
  if (*rest != '\0')
    {
      *number = rest;
      *i += 1;
      return TRUE;
    }
  /* A bare word ("Vol", "No") needs a number after it; "no" also needs its dot. */
  if (*i + 1 >= words->len || !is_bare_number (words->pdata[*i + 1]))
    return FALSE;
  if (prefixes == issue_prefixes && g_ascii_strcasecmp (word, "no") == 0)
    return FALSE;
  *number = words->pdata[*i + 1];
  *i += 2;
  return TRUE;
}

static char *
strip_leading_zeros (const char *number)
{
  const char *p = number;

  while (p[0] == '0' && g_ascii_isdigit (p[1]))
    p++;
  return g_strdup (p);
}

static gboolean
is_separator (const char *word)
{
  return strcmp (word, "-") == 0 || strcmp (word, "–") == 0 || strcmp (word, "—") == 0;
}

static char *
join_words (GPtrArray *words,
            guint      from,
            guint      to)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words->pdata[i]);
    }
  /* trailing separators */
  while (out->len > 0 && strchr (" -:,.", out->str[out->len - 1]) != NULL)
    g_string_truncate (out, out->len - 1);
  while (g_str_has_suffix (out->str, " –") || g_str_has_suffix (out->str, " —"))
    g_string_truncate (out, out->len - strlen (" –"));
  g_strstrip (out->str);
  /* a name needs a letter or a digit ("#" alone is not a series) */
  for (const char *p = out->str; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return g_strdup (out->str);
  return NULL;
}

static char *
title_case (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean word_start = TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, word_start ? g_unichar_totitle (c) : c);
      word_start = g_unichar_isspace (c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
has_upper (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isupper (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

JsonObject *
bindery_filename_metadata (const char *folder_name,
                           const char *file_basename)
{
  JsonObject *record = json_object_new ();
  g_auto(CleanName) clean = { NULL, 0, 0, FALSE };
  GPtrArray *words;
  const char *number = NULL;
  const char *volume = NULL;
  guint first_marker = G_MAXUINT;
  guint last_marker_end = 0;
  guint dash = G_MAXUINT;
  guint search_end;
  guint number_index = G_MAXUINT;
  g_autofree char *series = NULL;

  if (file_basename == NULL)
    return record;

  clean_name (&clean, file_basename, TRUE);
  words = clean.words;

  for (guint i = 0; i < words->len; i++)
    if (is_separator (words->pdata[i]))
      {
        dash = i;
        break;
      }

  /* volume, chapter and issue words */
  for (guint i = 0; i < words->len;)
    {
      guint start = i;
      const char *found = NULL;

      if (volume == NULL && read_marker (words, &i, volume_prefixes, &found))
        {
          volume = found;
        }
      else if (number == NULL && (read_marker (words, &i, chapter_prefixes, &found) ||
                                  read_marker (words, &i, issue_prefixes, &found)))
        {
          number = found;
          number_index = i - 1;
        }
      else
        {
          i++;
          continue;
        }
      first_marker = MIN (first_marker, start);
      last_marker_end = MAX (last_marker_end, i);
    }

  /* the last bare number, before " - " first */
  search_end = dash;
  for (int round = 0; number == NULL && round < 2; round++)
    {
      guint end = round == 0 ? MIN (search_end, words->len) : words->len;

      for (guint i = end; i > 0; i--)
        {
          if (i - 1 >= first_marker && i - 1 < last_marker_end)
            continue;
          if (i >= 2 && g_ascii_strcasecmp (words->pdata[i - 2], "of") == 0)
            continue; /* the N of "1 of N" */
          if (is_bare_number (words->pdata[i - 1]))
            {
              number = words->pdata[i - 1];
              number_index = i - 1;
              first_marker = MIN (first_marker, i - 1);
              last_marker_end = MAX (last_marker_end, i);
              break;
            }
        }
      if (dash == G_MAXUINT)
        break;
    }

  /* "001 of 006" */
  if (number_index != G_MAXUINT && number_index + 2 < words->len &&
      g_ascii_strcasecmp (words->pdata[number_index + 1], "of") == 0 &&
      is_bare_number (words->pdata[number_index + 2]))
    {
      gint64 count;

      if (clean.count == 0 &&
          bindery_metadata_parse_int (words->pdata[number_index + 2], 1, G_MAXINT32, &count))
        clean.count = count;
      last_marker_end = MAX (last_marker_end, number_index + 3);
    }

  if (number != NULL)
    {
      g_autofree char *text = strip_leading_zeros (number);

      bindery_metadata_set_number (record, text);
    }
  if (volume != NULL)
    {
      gint64 value;

      if (bindery_metadata_parse_int (volume, 0, G_MAXINT32, &value))
        json_object_set_int_member (record, "Volume", value);
    }
  if (clean.year != 0)
    json_object_set_int_member (record, "Year", clean.year);
  if (clean.count != 0)
    json_object_set_int_member (record, "Count", clean.count);

  series = join_words (words, 0, MIN (first_marker, words->len));
  if (series != NULL && clean.had_underscore && !has_upper (series))
    {
      char *cased = title_case (series);

      g_free (series);
      series = cased;
    }

  if (series != NULL && first_marker == G_MAXUINT)
    {
      json_object_set_string_member (record, "Title", series);
    }
  else if (last_marker_end < words->len && is_separator (words->pdata[last_marker_end]))
    {
      g_autofree char *title = join_words (words, last_marker_end + 1, words->len);

      bindery_metadata_set_string (record, "Title", title);
    }

  if (series == NULL && folder_name != NULL)
    {
      g_auto(CleanName) folder = { NULL, 0, 0, FALSE };

      clean_name (&folder, folder_name, FALSE);
      series = join_words (folder.words, 0, folder.words->len);
      if (series == NULL)
        series = bindery_metadata_strip (folder_name);
      if (series != NULL && !g_utf8_validate (series, -1, NULL))
        {
          char *valid = g_utf8_make_valid (series, -1);

          g_free (series);
          series = valid;
        }
    }
  bindery_metadata_set_string (record, "Series", series);

  return record;
}
