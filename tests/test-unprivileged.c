/* test-unprivileged.c: running permission checks where root's CAP_DAC_OVERRIDE does not apply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-unprivileged.h"

#define ID_STRING G_STRINGIFY (TEST_UNPRIVILEGED_ID)

/* In a child of run_child(): where it tells the parent that it could not switch users
 * ("switch:…") or that its check skipped ("skip:…"). */
static int child_report_fd = -1;

typedef enum {
  CHILD_PASSED,
  CHILD_SKIPPED,
  CHILD_NO_SWITCH,
  CHILD_FAILED,
} ChildOutcome;

static void
child_report (const char *kind,
              const char *what,
              const char *why)
{
  g_autofree char *text = g_strconcat (kind, what, why != NULL ? ": " : "", why, NULL);
  const char *p = text;
  gsize left = strlen (text);

  while (left > 0)
    {
      gssize n = write (child_report_fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      p += n;
      left -= (gsize) n;
    }
}

/* NULL once this process is TEST_UNPRIVILEGED_ID for good, else the call that failed. */
static const char *
switch_user (void)
{
  if (setgroups (0, NULL) != 0)
    return "setgroups (0, NULL)";
  if (setgid (TEST_UNPRIVILEGED_ID) != 0)
    return "setgid (" ID_STRING ")";
  if (setuid (TEST_UNPRIVILEGED_ID) != 0)
    return "setuid (" ID_STRING ")";
  return NULL;
}

/* Forks; the child switches to TEST_UNPRIVILEGED_ID, runs check (data) and exits 0. */
static ChildOutcome
run_child (TestUnprivilegedFunc   check,
           gpointer               data,
           char                 **message)
{
  g_autoptr(GString) report = g_string_new (NULL);
  int fds[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      const char *failed;

      close (fds[0]);
      child_report_fd = fds[1];
      failed = switch_user ();
      if (failed != NULL)
        {
          child_report ("switch:", failed, strerror (errno));
          _exit (1);
        }
      if (setuid (0) == 0)
        {
          child_report ("switch:", "root can be regained after setuid (" ID_STRING ")", NULL);
          _exit (1);
        }
      if (check != NULL)
        check (data);
      _exit (0);
    }

  close (fds[1]);
  for (;;)
    {
      char buf[256];
      gssize n = read (fds[0], buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        break;
      g_string_append_len (report, buf, n);
    }
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);

  if (g_str_has_prefix (report->str, "switch:"))
    {
      *message = g_strdup_printf ("root cannot run the check as uid %d: %s",
                                  TEST_UNPRIVILEGED_ID, report->str + strlen ("switch:"));
      return CHILD_NO_SWITCH;
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    {
      if (g_str_has_prefix (report->str, "skip:"))
        {
          *message = g_strdup (report->str + strlen ("skip:"));
          return CHILD_SKIPPED;
        }
      *message = NULL;
      return CHILD_PASSED;
    }
  if (WIFEXITED (status))
    *message = g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    *message = g_strdup_printf ("was killed by signal %d (%s)", WTERMSIG (status), strsignal (WTERMSIG (status)));
  else
    *message = g_strdup_printf ("ended with wait status 0x%x", (guint) status);
  return CHILD_FAILED;
}

gboolean
test_unprivileged_available (char **why_not)
{
  static gsize probed = 0;
  static char *probe_failure = NULL;

  if (geteuid () != 0)
    return TRUE;

  if (g_once_init_enter (&probed))
    {
      char *message = NULL;

      if (run_child (NULL, NULL, &message) == CHILD_PASSED)
        g_free (message);
      else
        probe_failure = message;
      g_once_init_leave (&probed, 1);
    }
  if (probe_failure == NULL)
    return TRUE;
  *why_not = g_strdup_printf ("file permissions do not apply to root, and %s", probe_failure);
  return FALSE;
}

static const char *
setpriv_path (void)
{
  static gsize found = 0;
  static char *path = NULL;

  if (g_once_init_enter (&found))
    {
      path = g_find_program_in_path ("setpriv");
      g_once_init_leave (&found, 1);
    }
  return path;
}

gboolean
test_unprivileged_commands_available (char **why_not)
{
  if (!test_unprivileged_available (why_not))
    return FALSE;
  if (geteuid () == 0 && setpriv_path () == NULL)
    {
      *why_not = g_strdup ("file permissions do not apply to root, and setpriv (util-linux) "
                           "is not installed to run programs as uid " ID_STRING);
      return FALSE;
    }
  return TRUE;
}

void
test_unprivileged_run (TestUnprivilegedFunc check,
                       gpointer             data)
{
  g_autofree char *message = NULL;

  if (geteuid () != 0)
    {
      check (data);
      return;
    }

  switch (run_child (check, data, &message))
    {
    case CHILD_PASSED:
      break;
    case CHILD_SKIPPED:
    case CHILD_NO_SWITCH:
      g_test_skip (message);
      break;
    case CHILD_FAILED:
      g_test_fail_printf ("the check running as uid %d %s (its messages are above)",
                          TEST_UNPRIVILEGED_ID, message);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
test_unprivileged_skip (const char *why)
{
  if (child_report_fd >= 0)
    child_report ("skip:", why, NULL);
  else
    g_test_skip (why);
}

void
test_unprivileged_chown (const char *path)
{
  GStatBuf st;

  if (geteuid () != 0)
    return;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  if (lchown (path, TEST_UNPRIVILEGED_ID, TEST_UNPRIVILEGED_ID) != 0)
    g_error ("Cannot give %s to uid %d: %s", path, TEST_UNPRIVILEGED_ID, g_strerror (errno));
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_unprivileged_chown (child);
        }
    }
}

typedef struct {
  const char *path;
  int         mode;
} AccessQuery;

static void
check_access (gpointer data)
{
  AccessQuery *query = data;

  if (access (query->path, query->mode) != 0)
    _exit (3);
}

gboolean
test_unprivileged_access (const char *path,
                          int         mode)
{
  AccessQuery query = { path, mode };
  g_autofree char *message = NULL;

  if (geteuid () != 0)
    return access (path, mode) == 0;
  return run_child (check_access, &query, &message) == CHILD_PASSED;
}

void
test_unprivileged_add_prefix (GPtrArray *args)
{
  if (geteuid () != 0)
    return;

  g_assert_nonnull (setpriv_path ());
  g_ptr_array_add (args, (char *) setpriv_path ());
  g_ptr_array_add (args, (char *) "--reuid=" ID_STRING);
  g_ptr_array_add (args, (char *) "--regid=" ID_STRING);
  g_ptr_array_add (args, (char *) "--clear-groups");
}
