/* bindery-opf-text.c: ISBN checks and HTML descriptions for the OPF reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <string.h>

#include "bindery-opf-private.h"

/* ---- ISBN ------------------------------------------------------------------------------ */

static gboolean
isbn10_valid (const char *isbn)
{
  int sum = 0;

  if (strlen (isbn) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      int digit;

      if (g_ascii_isdigit (isbn[i]))
        digit = isbn[i] - '0';
      else if (i == 9 && isbn[i] == 'X')
        digit = 10;
      else
        return FALSE;
      sum += (10 - i) * digit;
    }
  return sum % 11 == 0;
}

static gboolean
isbn13_valid (const char *isbn)
{
  int sum = 0;

  if (strlen (isbn) != 13 || (strncmp (isbn, "978", 3) != 0 && strncmp (isbn, "979", 3) != 0))
    return FALSE;
  for (int i = 0; i < 13; i++)
    {
      if (!g_ascii_isdigit (isbn[i]))
        return FALSE;
      sum += (isbn[i] - '0') * (i % 2 == 0 ? 1 : 3);
    }
  return sum % 10 == 0;
}

char *
bindery_isbn_normalize (const char *text,
                        gboolean    declared)
{
  g_autoptr(GString) isbn = g_string_new (NULL);
  const char *p;

  if (text == NULL)
    return NULL;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "urn:isbn:", 9) == 0)
    {
      p += 9;
      declared = TRUE;
    }
  else if (g_ascii_strncasecmp (p, "isbn:", 5) == 0)
    {
      p += 5;
      declared = TRUE;
    }

  for (; *p != '\0'; p++)
    {
      if (*p == '-' || *p == ' ' || *p == '\t')
        continue;
      if (g_ascii_isdigit (*p))
        g_string_append_c (isbn, *p);
      else if ((*p == 'x' || *p == 'X') && p[1] == '\0')
        g_string_append_c (isbn, 'X');
      else
        return NULL;
    }

  if (isbn10_valid (isbn->str) || isbn13_valid (isbn->str))
    return g_string_free (g_steal_pointer (&isbn), FALSE);
  if (declared && (isbn->len == 10 || isbn->len == 13))
    return g_string_free (g_steal_pointer (&isbn), FALSE);
  return NULL;
}

/* ---- HTML ------------------------------------------------------------------------------ */

static const char * const inline_tags[] = {
  "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "q", "s", "small", "span",
  "strike", "strong", "sub", "sup", "tt", "u", "html", "body", "head", "meta", NULL
};

static const char * const block_tags[] = {
  "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4",
  "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", NULL
};

static const struct {
  const char *name;
  const char *text;
} html_entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", " " }, { "mdash", "—" }, { "ndash", "–" }, { "hellip", "…" }, { "lsquo", "‘" },
  { "rsquo", "’" }, { "ldquo", "“" }, { "rdquo", "”" }, { "laquo", "«" }, { "raquo", "»" },
  { "copy", "©" }, { "reg", "®" }, { "trade", "™" }, { "eacute", "é" }, { "egrave", "è" },
};

static gboolean
in_list (const char * const *list,
         const char         *name,
         gsize               len)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == len && g_ascii_strncasecmp (list[i], name, len) == 0)
      return TRUE;
  return FALSE;
}

/* When p starts a known tag, returns its end (after '>') and sets *block. */
static const char *
match_tag (const char *p,
           gboolean   *block)
{
  const char *name = p + 1;
  const char *end;
  gsize len;

  if (*name == '/')
    name++;
  end = name;
  while (g_ascii_isalnum (*end))
    end++;
  len = end - name;
  if (len == 0 || (*end != '>' && *end != '/' && !g_ascii_isspace (*end)))
    return NULL;

  *block = in_list (block_tags, name, len);
  if (!*block && !in_list (inline_tags, name, len))
    return NULL;

  end = strchr (end, '>');
  return end != NULL ? end + 1 : NULL;
}

/* When p starts a character reference, appends its text and returns its end. */
static const char *
decode_reference (const char *p,
                  GString    *out)
{
  const char *semicolon = strchr (p, ';');
  gsize len;

  if (semicolon == NULL || semicolon - p > 12)
    return NULL;
  len = semicolon - (p + 1);

  if (p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      g_autofree char *digits = g_strndup (p + (hex ? 3 : 2), semicolon - p - (hex ? 3 : 2));
      guint64 code;

      if (!g_ascii_string_to_unsigned (digits, hex ? 16 : 10, 1, 0x10FFFF, &code, NULL) ||
          !g_unichar_validate ((gunichar) code))
        return NULL;
      g_string_append_unichar (out, (gunichar) code);
      return semicolon + 1;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (html_entities); i++)
    if (strlen (html_entities[i].name) == len && strncmp (html_entities[i].name, p + 1, len) == 0)
      {
        g_string_append (out, html_entities[i].text);
        return semicolon + 1;
      }
  return NULL;
}

static char *
tidy_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t\r", -1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (words[j][0] == '\0')
            continue;
          if (line->len > 0)
            g_string_append_c (line, ' ');
          g_string_append (line, words[j]);
        }
      if (line->len == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, line->str, line->len);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
bindery_html_to_text (const char *text)
{
  g_autoptr(GString) flat = NULL;
  g_autoptr(GString) decoded = NULL;
  gboolean markup = FALSE;

  if (text == NULL)
    return NULL;

  flat = g_string_new (NULL);
  for (const char *p = text; *p != '\0';)
    {
      gboolean block = FALSE;
      const char *end = *p == '<' ? match_tag (p, &block) : NULL;

      if (end != NULL)
        {
          markup = TRUE;
          if (block)
            g_string_append_c (flat, '\n');
          p = end;
        }
      else
        {
          /* In HTML a line break in the source is a space. */
          g_string_append_c (flat, (*p == '\n' || *p == '\r') ? ' ' : *p);
          p++;
        }
    }

  if (!markup)
    return g_strdup (text);

  decoded = g_string_new (NULL);
  for (const char *p = flat->str; *p != '\0';)
    {
      const char *end = *p == '&' ? decode_reference (p, decoded) : NULL;

      if (end != NULL)
        {
          p = end;
        }
      else
        {
          g_string_append_c (decoded, *p);
          p++;
        }
    }

  return tidy_lines (decoded->str);
}
