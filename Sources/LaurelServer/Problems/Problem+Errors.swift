import Commands
import EventStore
import Hummingbird
import Nominations
import Postgres
import Projections

extension Problem {
    /// The HTTP status of each domain error code. A code missing here is a 422: the request was
    /// understood but the rules refuse it.
    static let domainStatus: [DomainError.Code: HTTPResponse.Status] = [
        .transitionNotAllowed: .conflict,
        .holdActive: .conflict,
        .consultationNotFinished: .conflict,
        .consultationEnded: .conflict,
        .sessionNotAvailable: .conflict,
        .alreadyExists: .conflict,
        .alreadyNominated: .conflict,
        .scoringTableMissing: .conflict,
        .roleNotAllowed: .forbidden,
        .unitNotAllowed: .forbidden,
        .authorityNotAllowed: .forbidden,
        .registrationClosed: .forbidden,
        .nominationNotFound: .notFound,
        .listNotFound: .notFound,
        .movementNotFound: .notFound,
        .accountNotFound: .notFound,
    ]

    /// The problem for any error a handler throws. Errors that are not the client's fault and
    /// not a known outage become a 500 whose detail names nothing internal.
    package static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as DomainError:
            let status = domainStatus[error.code] ?? .unprocessableContent
            // Something that does not exist is `not_found` whether a GET or a command met it.
            if status == .notFound { return .notFound(error.message) }
            var problem = Problem(code: error.code.rawValue, status: status, title: "Refused by the rules", detail: error.message)
            // A refusal of many rows lists each, by row, in `errors`, as a list's rows are.
            if !error.rows.isEmpty { problem.errors = error.rows.map { .init(field: $0.field, reason: $0.reason, row: $0.row) } }
            return problem
        case let error as CommandError where error.code == .versionConflict:
            return .versionConflict(current: error.currentVersion ?? 0, detail: error.description)
        case let error as CommandError where error.code == .idempotencyKeyReused:
            return Problem(code: error.code.rawValue, status: .unprocessableContent, title: "Idempotency key reused",
                           detail: error.description)
        case let error as CommandError where error.code == .requestInProgress:
            return .unavailable(error.description)
        case let error as CommandError where error.code == .contended:
            return .unavailable(error.description, code: error.code.rawValue)
        case let error as EventStoreError where error.code == .versionConflict:
            return .versionConflict(current: error.actual ?? 0,
                                    detail: "someone changed this resource first; reload it and decide again")
        case let error as EventStoreError where error.code == .idempotencyMismatch:
            return Problem(code: "idempotency_mismatch", status: .unprocessableContent, title: "Event id reused",
                           detail: error.message)
        case let error as PostgresError where error.isOutage:
            return .unavailable("the database is not reachable just now")
        case let error as PostgresError where error.isConcurrencyFailure:
            // Nothing of the request is stored, and the same request sent again is decided again.
            return .unavailable("the request collided with others in the database and was not stored; send it again")
        case let error as ProjectionError where error.code == .notCaughtUp:
            return .unavailable("the read models have not reached the requested checkpoint yet")
        case let error as ProjectionError where error.code == .invalidCursor:
            return .invalid(field: "cursor", error.message)
        case let error as ProjectionError where error.code == .unknownCheckpoint:
            return Problem(code: "unknown_checkpoint", status: .unprocessableContent, title: "Unknown checkpoint",
                           detail: "\(error.message); pass the checkpoint a command's response returned")
        case let error as HTTPError:
            return from(httpError: error)
        default:
            return Problem(code: "internal_error", status: .internalServerError, title: "Internal error",
                           detail: "the request could not be completed; it has been logged")
        }
    }

    private static func from(httpError error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: return .notFound(error.body ?? "no such resource")
        case .methodNotAllowed:
            return Problem(code: "method_not_allowed", status: .methodNotAllowed, title: "Method not allowed",
                           detail: error.body ?? "this resource does not accept the method")
        case .contentTooLarge: return .tooLarge(limit: nil)
        case .unauthorized: return .unauthenticated(error.body ?? "a bearer token is required")
        case .forbidden: return .forbidden(error.body ?? "not allowed")
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return Problem(code: code, status: error.status, title: error.status.reasonPhrase,
                           detail: error.body ?? error.status.reasonPhrase)
        }
    }
}

extension PostgresError {
    /// Whether the database is unreachable or overloaded, as opposed to refusing a statement:
    /// a client may retry these after a moment.
    var isOutage: Bool {
        switch code {
        case .connectionFailed, .connectionClosed, .poolTimeout, .poolClosed: return true
        default:
            return [.adminShutdown, .cannotConnectNow].contains(sqlState)
        }
    }
}
