/* bindery-book-listing.c: one pass over entry headers and the error precedence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The precedence is MANIFEST.md's: a missing or empty name → corrupt; an encrypted entry
 * or encrypted headers → encrypted (even when a listing error follows); a listing error
 * → corrupt; an absolute or '..' name → unsafe-entry-name; an undecodable compression
 * method → unsupported; no page entries → no-pages.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book-private.h"

#include <stdlib.h>
#include <string.h>

void
bindery_listing_init (BinderyListing *listing)
{
  memset (listing, 0, sizeof *listing);
  listing->pages = g_ptr_array_new_with_free_func (g_free);
  listing->comicinfo_depth = G_MAXUINT;
}

void
bindery_listing_clear (BinderyListing *listing)
{
  g_clear_pointer (&listing->pages, g_ptr_array_unref);
  g_clear_pointer (&listing->unsafe_name, g_free);
  g_clear_pointer (&listing->unsupported, g_free);
  g_clear_pointer (&listing->list_error, g_free);
}

gboolean
bindery_listing_add (BinderyListing *listing,
                     const char     *name,
                     gsize           name_len,
                     gboolean        is_file,
                     gboolean        backslash_is_separator)
{
  guint depth;

  listing->n_entries++;
  if (name == NULL || name_len == 0)
    {
      listing->empty_name = TRUE;
      return FALSE;
    }

  if (listing->unsafe_name == NULL && bindery_entry_is_unsafe_len (name, name_len))
    listing->unsafe_name = g_strndup (name, name_len);

  if (!is_file)
    return FALSE;

  if (bindery_entry_is_page_len (name, name_len))
    {
      char *page = g_strndup (name, name_len);

      if (backslash_is_separator)
        for (char *p = memchr (page, '\\', name_len); p != NULL; p = strchr (p + 1, '\\'))
          *p = '/';
      g_ptr_array_add (listing->pages, page);
      if (!listing->dot_names)
        {
          g_autofree char *key = bindery_entry_name_skip_dots (page, name_len);
          listing->dot_names = key != NULL;
        }
      return FALSE;
    }

  if (bindery_entry_is_comicinfo (name, name_len, &depth) && depth < listing->comicinfo_depth)
    {
      listing->comicinfo_depth = depth;
      return TRUE;
    }
  return FALSE;
}

static char *
display_name (const char *name)
{
  return g_utf8_make_valid (name, -1);
}

gboolean
bindery_listing_check (BinderyListing  *listing,
                       gboolean         check_pages,
                       GError         **error)
{
  if (listing->empty_name)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("An entry has no name"));
      return FALSE;
    }
  if (listing->encrypted)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                           _("The archive is encrypted (entries or headers need a password)"));
      return FALSE;
    }
  if (listing->list_error != NULL)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The archive cannot be read: %s"), listing->list_error);
      return FALSE;
    }
  if (listing->unsafe_name != NULL)
    {
      g_autofree char *display = display_name (listing->unsafe_name);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME,
                   _("The entry name “%s” is absolute or climbs out with '..'"), display);
      return FALSE;
    }
  if (listing->unsupported != NULL)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                           listing->unsupported);
      return FALSE;
    }
  if (check_pages && listing->pages->len == 0)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES,
                   _("No page images among the archive's %u entries"), listing->n_entries);
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return bindery_natural_compare (*(const char * const *) a, *(const char * const *) b);
}

typedef struct {
  char *key;    /* the name without "." components, or NULL: the name itself */
  char *name;
} SortName;

static int
compare_sort_names (gconstpointer a,
                    gconstpointer b)
{
  const SortName *sa = a, *sb = b;
  int c = bindery_natural_compare (sa->key != NULL ? sa->key : sa->name,
                                   sb->key != NULL ? sb->key : sb->name);

  return c != 0 ? c : strcmp (sa->name, sb->name);
}

void
bindery_listing_sort_pages (BinderyListing *listing)
{
  GPtrArray *pages = listing->pages;
  g_autofree SortName *names = NULL;

  if (!listing->dot_names)
    {
      g_ptr_array_sort (pages, compare_names);
      return;
    }

  /* Ordered by the names without their "." components; the raw names are kept. */
  names = g_new (SortName, MAX (pages->len, 1));
  for (guint i = 0; i < pages->len; i++)
    {
      names[i].name = g_ptr_array_index (pages, i);
      names[i].key = bindery_entry_name_skip_dots (names[i].name, strlen (names[i].name));
    }
  qsort (names, pages->len, sizeof *names, compare_sort_names);
  for (guint i = 0; i < pages->len; i++)
    {
      pages->pdata[i] = names[i].name;
      g_free (names[i].key);
    }
}
