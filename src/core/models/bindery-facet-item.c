/* bindery-facet-item.c: one value of a metadata facet and how many books have it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-models-private.h"

struct _BinderyFacetItem
{
  GObject parent_instance;

  char  *value;
  guint  count;
};

G_DEFINE_FINAL_TYPE (BinderyFacetItem, bindery_facet_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_VALUE,
  ITEM_PROP_COUNT,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
bindery_facet_item_finalize (GObject *object)
{
  BinderyFacetItem *self = BINDERY_FACET_ITEM (object);

  g_free (self->value);

  G_OBJECT_CLASS (bindery_facet_item_parent_class)->finalize (object);
}

static void
bindery_facet_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BinderyFacetItem *self = BINDERY_FACET_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case ITEM_PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_facet_item_class_init (BinderyFacetItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bindery_facet_item_finalize;
  object_class->get_property = bindery_facet_item_get_property;

  item_properties[ITEM_PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
bindery_facet_item_init (BinderyFacetItem *self)
{
}

const char *
bindery_facet_item_get_value (BinderyFacetItem *self)
{
  g_return_val_if_fail (BINDERY_IS_FACET_ITEM (self), NULL);
  return self->value;
}

guint
bindery_facet_item_get_count (BinderyFacetItem *self)
{
  g_return_val_if_fail (BINDERY_IS_FACET_ITEM (self), 0);
  return self->count;
}

BinderyFacetItem *
bindery_facet_item_new (const char *value,
                        guint       count)
{
  BinderyFacetItem *self = g_object_new (BINDERY_TYPE_FACET_ITEM, NULL);

  self->value = g_strdup (value);
  self->count = count;
  return self;
}
