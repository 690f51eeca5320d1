/* fields_list.h — the field catalogue as an X-macro: X(id, name, type, flags, desc).
 * Placeholder until fields.c lands; fields.c owns this list. */
#ifndef LANNER_FIELDS_LIST_H
#define LANNER_FIELDS_LIST_H
#define FIELD_LIST X(F_EVT_TYPE, "evt.type", FT_CHARBUF, 0, "Name of the event.")
#endif
