/* test-fixtures.h: test programs that cannot run without the shared fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call at the start of main() in a test program that needs the folder named by $env_var
 * (BINDERY_FIXTURES or BINDERY_SHARED_TOOLS, set by tests/meson.build from the meson option
 * fixtures_dir). When it is unset or not a folder, says so and exits 77, which meson
 * reports as a skip. */
void     test_require_folder (const char *env_var);
/* The same for one test: FALSE (the test skipped with that message) when the folder is missing. */
gboolean test_have_folder    (const char *env_var);

G_END_DECLS
