/* metadata-test-util.h: fixture access for the metadata tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* $BINDERY_FIXTURES/relative_path; skips the test (returns NULL) when the fixtures are absent. */
char       *metadata_test_fixture_path (const char *relative_path);

/* The data of entry (exact path) inside the archive at path, read with libarchive. */
GBytes     *metadata_test_read_entry   (const char *archive_path,
                                        const char *entry_name);

/* manifest.json, loaded; NULL (test skipped) without fixtures. */
JsonParser *metadata_test_load_manifest  (void);

/* The "files" array of the manifest. */
JsonArray  *metadata_test_manifest_files (JsonParser *manifest);

/* The manifest entry whose "path" is path, or NULL. */
JsonObject *metadata_test_manifest_entry (JsonParser *manifest,
                                          const char *path);

/* Compact JSON text of a record. */
char       *metadata_test_to_string    (JsonObject *record);

/* Asserts that record's member is the string expected (or absent when expected is NULL). */
#define metadata_assert_string(record, member, expected) \
  g_assert_cmpstr (json_object_get_string_member_with_default ((record), (member), NULL), ==, (expected))

/* Asserts that the array member holds exactly the NULL-terminated strings given. */
void        metadata_assert_list       (JsonObject *record,
                                        const char *member,
                                        ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
