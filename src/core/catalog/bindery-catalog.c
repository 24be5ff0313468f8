/* bindery-catalog.c: the SQLite catalog connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-catalog.h"

/* PRAGMA application_id of a Bindery catalog: "BNDY". */
#define BINDERY_CATALOG_APPLICATION_ID 0x424E4459

struct _BinderyCatalog
{
  GObject parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text → sqlite3_stmt*, finalized on dispose */
  guint       txn_depth;    /* 0: autocommit; 1: BEGIN; > 1: savepoints */
  int         schema_version;
  guint       read_only : 1;
};

G_DEFINE_FINAL_TYPE (BinderyCatalog, bindery_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (bindery-catalog-error-quark, bindery_catalog_error)

static void
bindery_catalog_dispose (GObject *object)
{
  BinderyCatalog *self = BINDERY_CATALOG (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      if (!self->read_only && self->schema_version == BINDERY_CATALOG_SCHEMA_VERSION)
        sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (bindery_catalog_parent_class)->dispose (object);
}

static void
bindery_catalog_finalize (GObject *object)
{
  BinderyCatalog *self = BINDERY_CATALOG (object);

  g_free (self->path);

  G_OBJECT_CLASS (bindery_catalog_parent_class)->finalize (object);
}

static void
bindery_catalog_class_init (BinderyCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_catalog_dispose;
  object_class->finalize = bindery_catalog_finalize;
}

static void
bindery_catalog_init (BinderyCatalog *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

static BinderyCatalogError
error_code_from_sqlite (int rc)
{
  switch (rc)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return BINDERY_CATALOG_ERROR_EXISTS;
    default:
      break;
    }

  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      return BINDERY_CATALOG_ERROR_READ_ONLY;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return BINDERY_CATALOG_ERROR_NOT_A_CATALOG;
    default:
      return BINDERY_CATALOG_ERROR_SQL;
    }
}

/* Reads what tells a Bindery catalog apart: user_version, application_id and whether
 * the file holds any schema object at all. One statement, so one read snapshot: a
 * concurrent first migration is seen either whole or not at all. Returns the SQLite
 * result code. */
static int
read_header (sqlite3 *db,
             int     *user_version,
             int     *application_id,
             int     *n_objects)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT count(*) FROM sqlite_master)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *user_version = sqlite3_column_int (stmt, 0);
      *application_id = sqlite3_column_int (stmt, 1);
      *n_objects = sqlite3_column_int (stmt, 2);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      rc = SQLITE_CORRUPT;
    }
  else
    {
      rc = sqlite3_extended_errcode (db);
    }

  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
check_header (const char  *path,
              sqlite3     *db,
              int         *user_version,
              GError     **error)
{
  int application_id = 0;
  int n_objects = 0;
  int rc;

  rc = read_header (db, user_version, &application_id, &n_objects);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                     _("“%s” is not a Bindery catalog: it is not an SQLite database"), path);
      else if ((rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                     _("The catalog “%s” is damaged: %s"), path, sqlite3_errstr (rc));
      else
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL,
                     _("Cannot read the catalog “%s”: %s"), path, sqlite3_errstr (rc));
      return FALSE;
    }

  if (application_id != 0 && application_id != BINDERY_CATALOG_APPLICATION_ID)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                   _("“%s” is not a Bindery catalog: it is another application’s SQLite database"),
                   path);
      return FALSE;
    }

  if (*user_version == 0 && n_objects > 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                   _("“%s” is not a Bindery catalog: it is an SQLite database with other tables"),
                   path);
      return FALSE;
    }

  if (*user_version > BINDERY_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_TOO_NEW,
                   _("The catalog “%s” was written by a newer version of Bindery (schema %d, this "
                   "version understands up to %d); it was left unchanged"),
                   path, *user_version, BINDERY_CATALOG_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* Looks at an existing file through a read-only connection, so that a file we refuse
 * (not ours, too new) is never opened for writing. */
static gboolean
inspect_existing (const char  *path,
                  int         *user_version,
                  GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ret;
  int rc;

  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot read the catalog “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot open the catalog “%s”: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 10000);

  ret = check_header (path, db, user_version, error);
  sqlite3_close_v2 (db);
  return ret;
}

static gboolean
check_writable (const char  *path,
                gboolean     exists,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!exists && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR,
                   saved == EACCES || saved == EPERM || saved == EROFS
                     ? BINDERY_CATALOG_ERROR_READ_ONLY : BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot create the folder of the catalog “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (exists && g_access (path, W_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY,
                   _("The catalog “%s” is read-only: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* The write-ahead log and its index live next to the catalog. */
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY,
                   _("The catalog folder “%s” is read-only: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static gboolean
exec_with_path (BinderyCatalog  *self,
                const char      *sql,
                GError         **error)
{
  if (!bindery_catalog_exec (self, sql, error))
    {
      g_prefix_error (error, _("Cannot set up the catalog “%s”: "), self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (BinderyCatalog  *self,
         GError         **error)
{
  for (guint version = self->schema_version + 1; version <= bindery_catalog_n_migrations (); version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", version);
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     BINDERY_CATALOG_APPLICATION_ID);
      g_autoptr(GError) local_error = NULL;
      int current = 0;

      if (!bindery_catalog_begin (self, error))
        {
          g_prefix_error (error, _("Cannot upgrade the catalog “%s”: "), self->path);
          return FALSE;
        }

      /* Another process may have migrated meanwhile: re-read under the write lock. */
      if (!check_header (self->path, self->db, &current, error))
        {
          bindery_catalog_rollback (self);
          return FALSE;
        }
      if ((guint) current >= version)
        {
          bindery_catalog_rollback (self);
          self->schema_version = current;
          version = current;
          continue;
        }

      g_debug ("Migrating %s to schema version %u", self->path, version);
      if (!bindery_catalog_exec (self, bindery_catalog_migration_sql (version), &local_error) ||
          !bindery_catalog_exec (self, set_app_id, &local_error) ||
          !bindery_catalog_exec (self, set_version, &local_error))
        bindery_catalog_rollback (self);
      else
        bindery_catalog_commit (self, &local_error); /* rolls back on failure */

      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Cannot upgrade the catalog “%s” to schema version %u: "),
                                      self->path, version);
          return FALSE;
        }
      self->schema_version = version;
    }

  return TRUE;
}

static BinderyCatalog *catalog_open (const char *path, BinderyCatalogOpenFlags flags,
                                      gboolean new_file, GError **error);

/* A new catalog is made whole under a temporary name beside path, then linked into place:
 * a catalog file is never seen empty or half made (an empty one is refused as cut short),
 * and of processes making it at once one wins, the others open the winner's. */
static gboolean
create_catalog (const char  *path,
                GError     **error)
{
  g_autofree char *temp = g_strconcat (path, ".new-XXXXXX", NULL);
  g_autofree char *temp_wal = NULL;
  g_autofree char *temp_shm = NULL;
  BinderyCatalog *made;
  gboolean ok = TRUE;
  int fd;

  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR,
                   saved == EACCES || saved == EPERM || saved == EROFS
                     ? BINDERY_CATALOG_ERROR_READ_ONLY : BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot create the catalog “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  /* the last connection closing writes everything into the file itself */
  made = catalog_open (temp, BINDERY_CATALOG_OPEN_READ_WRITE, TRUE, error);
  if (made == NULL)
    ok = FALSE;
  g_clear_object (&made);

  if (ok && link (temp, path) != 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot create the catalog “%s”: %s"), path, g_strerror (saved));
      ok = FALSE;
    }

  temp_wal = g_strconcat (temp, "-wal", NULL);
  temp_shm = g_strconcat (temp, "-shm", NULL);
  g_unlink (temp_wal);
  g_unlink (temp_shm);
  g_unlink (temp);
  return ok;
}

BinderyCatalog *
bindery_catalog_open (const char               *path,
                      BinderyCatalogOpenFlags   flags,
                      GError                  **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return catalog_open (path, flags, FALSE, error);
}

/* SQLite's process-wide settings, made before its first connection (sqlite3_config()
 * refuses them once SQLite is initialized, and then changes nothing). MEMSTATUS off:
 * SQLite counts every allocation under a process-wide mutex for sqlite3_memory_used() and
 * the soft heap limit, which Bindery uses neither of; a first scan makes some 50
 * allocations per book on the writer, each then a mutex lock and unlock. */
static void
configure_sqlite (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      int rc = sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

      if (rc != SQLITE_OK)
        g_debug ("SQLite's memory statistics stay on: %s", sqlite3_errstr (rc));
      g_once_init_leave (&configured, 1);
    }
}

/* new_file: path is the empty file create_catalog() made. */
static BinderyCatalog *
catalog_open (const char               *path,
              BinderyCatalogOpenFlags   flags,
              gboolean                  new_file,
              GError                  **error)
{
  g_autoptr(BinderyCatalog) self = NULL;
  gboolean read_only = (flags & BINDERY_CATALOG_OPEN_READ_ONLY) != 0;
  GStatBuf st;
  gboolean exists;
  int user_version = 0;
  int rc;

  configure_sqlite ();
  exists = g_stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                   _("“%s” is not a Bindery catalog: it is a folder"), path);
      return NULL;
    }

  /* Bindery never leaves an empty catalog file: this one was cut short (a full disk, a
   * crash of whatever copied it) or is not ours. Made anew, it would hide that every
   * library and job is gone. */
  if (exists && !new_file && st.st_size == 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG,
                   _("The catalog “%s” is an empty file (0 bytes): it was cut short, or is not a "
                     "Bindery catalog. To start afresh, move it away (or delete it); Bindery then "
                     "makes a new catalog, and your books are not touched"), path);
      return NULL;
    }

  if (!exists && !read_only)
    {
      if (!check_writable (path, FALSE, error) || !create_catalog (path, error))
        return NULL;
      return catalog_open (path, flags, FALSE, error);
    }

  if (!exists && read_only)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                   _("There is no catalog at “%s” yet"), path);
      return NULL;
    }

  if (exists && !inspect_existing (path, &user_version, error))
    return NULL;

  if (read_only && user_version < BINDERY_CATALOG_SCHEMA_VERSION)
    {
      if (user_version == 0)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                     _("The catalog “%s” is empty"), path);
      else
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY,
                     _("The catalog “%s” has the older schema %d and must be upgraded (opened "
                     "for writing) before it can be read"), path, user_version);
      return NULL;
    }

  if (!read_only && !check_writable (path, exists, error))
    return NULL;

  self = g_object_new (BINDERY_TYPE_CATALOG, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;

  rc = sqlite3_open_v2 (path, &self->db,
                        read_only ? SQLITE_OPEN_READONLY
                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR,
                   (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_PERM
                     ? BINDERY_CATALOG_ERROR_READ_ONLY : BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot open the catalog “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);

  if (!read_only && sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY,
                   _("The catalog “%s” cannot be written (read-only file or file system)"), path);
      return NULL;
    }

  if (!exec_with_path (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_with_path (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  if (!read_only && !exec_with_path (self, "PRAGMA journal_mode = WAL", error))
    return NULL;

  /* Checked again on this connection: the file may have changed since we looked. */
  if (!check_header (path, self->db, &self->schema_version, error))
    return NULL;

  if (!read_only && !migrate (self, error))
    return NULL;

  if (self->schema_version != BINDERY_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY,
                   _("The catalog “%s” has the older schema %d and must be upgraded (opened "
                   "for writing) before it can be read"), path, self->schema_version);
      return NULL;
    }

  return g_steal_pointer (&self);
}

sqlite3 *
bindery_catalog_get_db (BinderyCatalog *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (self), NULL);
  return self->db;
}

const char *
bindery_catalog_get_path (BinderyCatalog *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (self), NULL);
  return self->path;
}

gboolean
bindery_catalog_is_read_only (BinderyCatalog *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (self), TRUE);
  return self->read_only;
}

int
bindery_catalog_get_schema_version (BinderyCatalog *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (self), 0);
  return self->schema_version;
}

gboolean
bindery_catalog_set_error (BinderyCatalog  *self,
                           GError         **error,
                           const char      *what)
{
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (self), FALSE);

  rc = sqlite3_extended_errcode (self->db);
  g_set_error (error, BINDERY_CATALOG_ERROR, error_code_from_sqlite (rc),
               "%s: %s", what != NULL ? what : "Catalog error", sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
bindery_catalog_step_done (BinderyCatalog  *self,
                           sqlite3_stmt    *stmt,
                           const char      *what,
                           GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (BINDERY_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bindery_catalog_set_error (self, error, what);
  sqlite3_reset (stmt);
  return ok;
}

sqlite3_stmt *
bindery_catalog_prepare (BinderyCatalog  *self,
                         const char      *sql,
                         GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* reset returns the error of the previous step, which its caller already saw */
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      bindery_catalog_set_error (self, error, "Cannot prepare a catalog query");
      return NULL;
    }
  if (stmt == NULL)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL,
                   _("Cannot prepare an empty catalog query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
bindery_catalog_exec (BinderyCatalog  *self,
                      const char      *sql,
                      GError         **error)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return bindery_catalog_set_error (self, error, "Catalog query failed");
  return TRUE;
}

gboolean
bindery_catalog_begin (BinderyCatalog  *self,
                       GError         **error)
{
  g_autofree char *savepoint = NULL;
  const char *sql;

  g_return_val_if_fail (BINDERY_IS_CATALOG (self), FALSE);

  if (self->txn_depth == 0)
    sql = self->read_only ? "BEGIN" : "BEGIN IMMEDIATE";
  else
    sql = savepoint = g_strdup_printf ("SAVEPOINT bindery_%u", self->txn_depth);

  if (!bindery_catalog_exec (self, sql, error))
    return FALSE;

  self->txn_depth++;
  return TRUE;
}

gboolean
bindery_catalog_commit (BinderyCatalog  *self,
                        GError         **error)
{
  g_autofree char *release = NULL;
  const char *sql;

  g_return_val_if_fail (BINDERY_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  if (self->txn_depth == 1)
    sql = "COMMIT";
  else
    sql = release = g_strdup_printf ("RELEASE bindery_%u", self->txn_depth - 1);

  if (!bindery_catalog_exec (self, sql, error))
    {
      /* Leave nothing half done: a failed commit rolls back. */
      bindery_catalog_rollback (self);
      return FALSE;
    }

  self->txn_depth--;
  return TRUE;
}

void
bindery_catalog_rollback (BinderyCatalog *self)
{
  g_return_if_fail (BINDERY_IS_CATALOG (self));

  if (self->txn_depth == 0)
    return;

  if (self->txn_depth == 1)
    {
      if (!sqlite3_get_autocommit (self->db) &&
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        g_warning ("Cannot roll back a transaction on %s: %s", self->path, sqlite3_errmsg (self->db));
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO bindery_%u; RELEASE bindery_%u",
                                              self->txn_depth - 1, self->txn_depth - 1);

      if (!sqlite3_get_autocommit (self->db) &&
          sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        g_warning ("Cannot roll back a savepoint on %s: %s", self->path, sqlite3_errmsg (self->db));
    }

  self->txn_depth--;
}
