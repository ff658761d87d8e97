#ifndef LAUREL_CLIBPQ_SHIM_H
#define LAUREL_CLIBPQ_SHIM_H

#include <libpq-fe.h>
#include <poll.h>

// libpq defines the error field codes as character literals ('C', 'M', ...), which Swift cannot
// import as constants; re-export them as integers so PQresultErrorField can be called by name.
static const int LAUREL_PG_DIAG_SEVERITY = PG_DIAG_SEVERITY;
static const int LAUREL_PG_DIAG_SEVERITY_NONLOCALIZED = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int LAUREL_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int LAUREL_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int LAUREL_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int LAUREL_PG_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int LAUREL_PG_DIAG_STATEMENT_POSITION = PG_DIAG_STATEMENT_POSITION;
static const int LAUREL_PG_DIAG_CONTEXT = PG_DIAG_CONTEXT;
static const int LAUREL_PG_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int LAUREL_PG_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int LAUREL_PG_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int LAUREL_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

#endif
