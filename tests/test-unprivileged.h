/* test-unprivileged.h: running permission checks where root's CAP_DAC_OVERRIDE does not apply
 *
 * Root ignores file modes, so a test about a read-only or unreadable file proves nothing when
 * the suite runs as root (as CI does). There the code under test runs as nobody
 * (TEST_UNPRIVILEGED_ID, no supplementary groups): in a forked child for in-process checks,
 * through setpriv(1) for executables. For other users everything runs as usual.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TEST_UNPRIVILEGED_ID 65534

typedef void (*TestUnprivilegedFunc) (gpointer data);

/* TRUE when file permissions can be tested in this process: always for users other than root;
 * for root when a child can switch to TEST_UNPRIVILEGED_ID (probed once). Otherwise FALSE
 * with a message for g_test_skip(). */
gboolean  test_unprivileged_available          (char                **why_not);
/* As test_unprivileged_available(), and for root also that setpriv(1) is installed. */
gboolean  test_unprivileged_commands_available (char                **why_not);
/* Runs check (data) where file permissions apply: in this process when not root; as root in
 * a forked child that switched to TEST_UNPRIVILEGED_ID. A failure in the child (an assertion,
 * a crash, any exit but 0) fails the test. */
void      test_unprivileged_run                (TestUnprivilegedFunc  check,
                                                gpointer              data);
/* From a check: the test cannot prove anything here (why). The caller returns right after. */
void      test_unprivileged_skip               (const char           *why);
/* As root: gives path and everything below it to TEST_UNPRIVILEGED_ID (lchown), so the
 * unprivileged side can do what an owner can. Does nothing for other users. */
void      test_unprivileged_chown              (const char           *path);
/* Whether the user the code under test runs as may access path with mode (access(2)). */
gboolean  test_unprivileged_access             (const char           *path,
                                                int                   mode);
/* Appends to args the command prefix that runs a program as that user: setpriv … as root,
 * nothing otherwise. */
void      test_unprivileged_add_prefix         (GPtrArray            *args);

G_END_DECLS
