/* bindery-cli.h: shared pieces of the bindery-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bindery-context.h"
#include "bindery-catalog.h"
#include "bindery-library.h"
#include "bindery-job.h"

G_BEGIN_DECLS

/* Exit statuses */
#define CLI_EXIT_OK        0
#define CLI_EXIT_FAILURES  1  /* the job ran but some files failed */
#define CLI_EXIT_USAGE     2  /* bad usage, or the job could not run */

typedef struct {
  const char     *data_dir;   /* --data-dir, or NULL */
  BinderyContext *context;    /* created on first use by cli_get_context */
  BinderyCatalog *catalog;    /* created on first use by cli_open_catalog */
} BinderyCli;

typedef int (*BinderyCliCommand) (BinderyCli *cli, int argc, char **argv);

/* "bindery-cli: <message>" on stderr. */
void            cli_error          (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Parses command options; on error prints it with the command's usage. FALSE → exit 2. */
gboolean        cli_parse_options  (const char   *command,
                                    const char   *parameter_string,
                                    GOptionEntry *entries,
                                    int          *argc,
                                    char       ***argv);
BinderyContext *cli_get_context    (BinderyCli *cli);
/* Read-write (creating the catalog) unless read_only. NULL after printing the error. */
BinderyCatalog *cli_open_catalog   (BinderyCli *cli, gboolean read_only);
/* Looks LIBRARY up (id, name, path); NULL after printing the error. */
BinderyLibrary *cli_find_library   (BinderyCli *cli, BinderyCatalog *catalog, const char *spec);
/* Pretty JSON on stdout; takes ownership of node. */
void            cli_print_json     (JsonNode *node);
/* Takes the data dir lock, runs job to its end on a queue with progress on stderr (a bar
 * on a terminal, plain lines otherwise), and returns the exit status: 0 completed with no
 * failed items, 1 completed with failures (report "failed" / "errored" > 0), 2 failed,
 * cancelled or could not run. Ctrl+C cancels the job. */
int             cli_run_job        (BinderyCli *cli, BinderyJob *job);

/* Commands (each in its own file) */
int cli_cmd_library    (BinderyCli *cli, int argc, char **argv);
int cli_cmd_jobs       (BinderyCli *cli, int argc, char **argv);
int cli_cmd_job        (BinderyCli *cli, int argc, char **argv);
int cli_cmd_scan       (BinderyCli *cli, int argc, char **argv);
int cli_cmd_books      (BinderyCli *cli, int argc, char **argv);
int cli_cmd_series     (BinderyCli *cli, int argc, char **argv);
int cli_cmd_thumbnails (BinderyCli *cli, int argc, char **argv);
int cli_cmd_convert    (BinderyCli *cli, int argc, char **argv);
int cli_cmd_watch      (BinderyCli *cli, int argc, char **argv);

G_END_DECLS
