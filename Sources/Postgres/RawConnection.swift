import CLibPQ
import Foundation
import Logging

/// A statement and its parameters, for pipelines.
public struct PostgresStatement: Sendable {
    public var sql: String
    public var binds: [PostgresBind]

    public init(_ sql: String, _ parameters: [any PostgresEncodable] = []) {
        self.sql = sql
        self.binds = parameters.map(\.postgresBind)
    }
}

/// The synchronous libpq session behind a ``Connection``. Used only on the connection's own
/// thread; never shared.
final class RawConnection {
    let configuration: PostgresConfiguration
    let logger: Logger
    let canceller = Canceller()
    private var pointer: OpaquePointer?
    private var noticeContext: Unmanaged<NoticeContext>?
    /// Sessions this connection has had since it opened, less one: each reconnect starts a new
    /// session, without the old one's advisory locks or settings.
    private(set) var reconnections = 0

    init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    deinit { close() }

    // MARK: Lifecycle

    func connect() throws {
        try configuration.validate()
        let parameters = configuration.parameters
        let connection = withCStringArrays(parameters.map(\.0), parameters.map(\.1)) { keywords, values in
            PQconnectdbParams(keywords, values, 1)
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        pointer = connection
        installNoticeReceiver(on: connection)
        canceller.attach(connection)
    }

    /// Finishes the libpq connection; safe to call more than once.
    func close() {
        canceller.detach()
        if let pointer {
            PQfinish(pointer)
            self.pointer = nil
        }
        noticeContext?.release()
        noticeContext = nil
        preparedStatements.removeAll()
    }

    var isOpen: Bool { pointer != nil }

    /// The libpq connection, for callers that drive it directly (the listener).
    var handle: OpaquePointer? { pointer }

    /// Detects a session the server has ended (restart, idle timeout, admin shutdown) before
    /// sending anything, and reconnects: nothing was sent, so nothing can be half-done.
    func reconnectIfBroken() throws {
        guard let connection = pointer else {
            throw PostgresError(code: .connectionClosed, message: "the connection is closed")
        }
        // libpq's socket is non-blocking underneath: this reads whatever the server sent while
        // we were idle (such as a FATAL before shutdown, or EOF) without waiting.
        // `PQconsumeInput` only reads; `PQisBusy` parses what was read, which is when a FATAL
        // sent while we were idle reaches the notice receiver (see `serverEndedSession`).
        if PQstatus(connection) == CONNECTION_OK, PQconsumeInput(connection) == 1,
           PQisBusy(connection) == 0, PQstatus(connection) == CONNECTION_OK, !serverEndedSession {
            return
        }
        logger.warning("database connection lost; reconnecting")
        canceller.detach()
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(
                code: .connectionFailed,
                message: String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        noticeContext?.takeUnretainedValue().sessionEnded = false
        preparedStatements.removeAll()  // a new session has none
        reconnections += 1
        canceller.attach(connection)
        logger.info("database connection re-established")
    }

    /// Whether the server said it is ending this session (a FATAL message, such as
    /// `57P01 terminating connection due to administrator command` on shutdown).
    ///
    /// Needed because such a message arrives while we are idle, where libpq passes it to the
    /// notice receiver; the connection still reads as `CONNECTION_OK` until a later read sees
    /// the end of the stream, so without this the next statement would be sent into a closing
    /// socket and fail with "server closed the connection unexpectedly".
    var serverEndedSession: Bool {
        noticeContext?.takeUnretainedValue().sessionEnded ?? false
    }

    var transactionStatus: PGTransactionStatusType {
        pointer.map { PQtransactionStatus($0) } ?? PQTRANS_UNKNOWN
    }

    // MARK: Statements

    /// A `BEGIN` not sent yet: ``Connection/transaction(isolation:afterCommit:_:)`` leaves it
    /// here to go in the same round trip as the transaction's first statement.
    var deferredBegin: String?

    private func takeDeferredBegin() -> String? {
        defer { deferredBegin = nil }
        return deferredBegin
    }

    /// Runs one statement with bound parameters (extended protocol; values never enter the SQL).
    ///
    /// Each distinct statement (SQL text and parameter types) is prepared on the server once per
    /// session and then only bound and executed: parsing and planning a statement costs the
    /// server more than running a short one.
    func query(_ sql: String, _ binds: [PostgresBind], isRetry: Bool = false) throws -> PostgresRows {
        let connection = try open()
        if deferredBegin != nil {
            var statement = PostgresStatement(sql)
            statement.binds = binds
            return try pipeline([statement])[0]
        }
        let key = PreparedKey(sql: sql, types: binds.map(\.type.rawValue))
        guard let name = try preparedName(for: key, connection: connection) else {
            let result = withParameters(binds) { count, types, values, lengths, formats in
                PQexecParams(connection, sql, count, types, values, lengths, formats, 0)
            }
            return try rows(from: result, connection: connection)
        }
        let result = withParameters(binds) { count, _, values, lengths, formats in
            PQexecPrepared(connection, name, count, values, lengths, formats, 0)
        }
        do {
            return try rows(from: result, connection: connection)
        } catch let error as PostgresError where error.invalidatesPreparedStatement {
            // Forget it; outside a transaction nothing happened, so run it again, freshly prepared.
            preparedStatements[key] = nil
            guard !isRetry, transactionStatus == PQTRANS_IDLE else { throw error }
            return try query(sql, binds, isRetry: true)
        }
    }

    /// Server-side prepared statements of this session, by SQL text and parameter types.
    private struct PreparedKey: Hashable {
        var sql: String
        var types: [Oid]

        init(sql: String, types: [Oid]) {
            self.sql = sql
            self.types = types
        }

        init(_ statement: PostgresStatement) {
            self.init(sql: statement.sql, types: statement.binds.map(\.type.rawValue))
        }
    }
    private var preparedStatements: [PreparedKey: String] = [:]
    private var preparedCount = 0
    /// Beyond this many distinct statements (generated SQL, say) the rest run unprepared, so
    /// a session's server memory stays bounded.
    private static let preparedLimit = 256

    /// The name `key` is prepared under in this session, preparing it now if needed; nil when
    /// the session has prepared as many statements as it may.
    private func preparedName(for key: PreparedKey, connection: OpaquePointer) throws -> String? {
        if let name = preparedStatements[key] { return name }
        guard preparedStatements.count < Self.preparedLimit else { return nil }
        preparedCount += 1
        let name = "laurel_\(preparedCount)"
        let result = key.types.withUnsafeBufferPointer { types in
            PQprepare(connection, name, key.sql, Int32(types.count), types.baseAddress)
        }
        _ = try rows(from: result, connection: connection)
        preparedStatements[key] = name
        return name
    }

    /// Runs a script of one or more statements without parameters (simple protocol), such as a
    /// migration file.
    func execute(_ script: String) throws {
        let connection = try open()
        let result = PQexec(connection, takeDeferredBegin().map { "\($0);\n\(script)" } ?? script)
        _ = try rows(from: result, connection: connection)
        // PQexec returns only the last result; earlier failures stop the script, and are
        // what it returns, so nothing else to check.
    }

    /// Sends every statement before reading any result, then a sync point. Without an explicit
    /// transaction the statements form one implicit transaction: one failure undoes them all.
    ///
    /// `afterwards` follow the sync point in the same round trip, as an implicit transaction of
    /// their own: they run whether or not `statements` succeeded, and their results and errors
    /// are dropped (errors are logged).
    func pipeline(_ statements: [PostgresStatement], afterwards: [PostgresStatement] = []) throws -> [PostgresRows] {
        let connection = try open()
        guard !statements.isEmpty else { return [] }
        if let begin = takeDeferredBegin() {
            return Array(try pipeline([PostgresStatement(begin)] + statements, afterwards: afterwards).dropFirst())
        }
        // Prepared before the pipeline starts (once per session for each kind of statement), so
        // that inside it the server only binds and executes: a projection's batch repeats a
        // handful of statements hundreds of times.
        let names = try preparedNames(for: statements, connection: connection)
        let afterwardsNames = try preparedNames(for: afterwards, connection: connection)
        guard PQenterPipelineMode(connection) == 1 else { throw connectionError(connection) }
        // Non-blocking sends, so a large batch cannot deadlock with the server blocked on
        // writing results we are not yet reading.
        PQsetnonblocking(connection, 1)
        defer {
            PQsetnonblocking(connection, 0)
            PQexitPipelineMode(connection)
        }
        try send(statements, names, connection: connection)
        guard PQpipelineSync(connection) == 1 else { throw connectionError(connection) }
        if !afterwards.isEmpty {
            try send(afterwards, afterwardsNames, connection: connection)
            guard PQpipelineSync(connection) == 1 else { throw connectionError(connection) }
        }
        try flush(connection)

        let (results, firstError) = try readUpToSync(statements.count, connection: connection)
        if !afterwards.isEmpty {
            let (_, afterwardsError) = try readUpToSync(afterwards.count, connection: connection)
            if let afterwardsError {
                logger.debug("a statement sent after the pipeline failed: \(afterwardsError)")
            }
        }
        if let firstError {
            if firstError.invalidatesPreparedStatement {
                // As in `query`: forget them, so the next use prepares them afresh.
                for statement in statements {
                    preparedStatements[PreparedKey(statement)] = nil
                }
            }
            throw firstError
        }
        return results
    }

    /// Sends every statement before reading any result, each followed by a sync point of its
    /// own: each is an implicit transaction by itself, so one failing fails only itself. For
    /// statements of different callers sharing one round trip (see
    /// ``ConnectionPool/Options-swift.struct/multiplexingConnections``).
    ///
    /// Each statement's own error is its result. When the connection fails, the statements
    /// whose results had not arrived get that error.
    func pipelineEach(_ statements: [PostgresStatement]) -> [Result<PostgresRows, PostgresError>] {
        var results = [Result<PostgresRows, PostgresError>?](repeating: nil, count: statements.count)
        do {
            let connection = try open()
            var names: [String?] = []
            names.reserveCapacity(statements.count)
            for (index, statement) in statements.enumerated() {
                do {
                    names.append(try preparedName(for: PreparedKey(statement), connection: connection))
                } catch let error as PostgresError where error.code != .connectionFailed {
                    // It does not parse, say: it is not sent, and the others go on.
                    results[index] = .failure(error)
                    names.append(nil)
                }
            }
            try sendEach(statements, names, into: &results, connection: connection)
        } catch {
            let failure = error as? PostgresError
                ?? PostgresError(code: .connectionFailed, message: "\(error)")
            for index in results.indices where results[index] == nil { results[index] = .failure(failure) }
        }
        // As in `query`: a statement a schema change invalidated is prepared afresh and run once
        // more; nothing of it happened, as it was a transaction of its own.
        for index in results.indices {
            guard case .failure(let error) = results[index], error.invalidatesPreparedStatement else { continue }
            preparedStatements[PreparedKey(statements[index])] = nil
            do {
                results[index] = .success(try query(statements[index].sql, statements[index].binds, isRetry: true))
            } catch let error as PostgresError {
                results[index] = .failure(error)
            } catch {
                results[index] = .failure(PostgresError(code: .connectionFailed, message: "\(error)"))
            }
        }
        return results.map { $0! }
    }

    /// The pipeline of ``pipelineEach(_:)``: sends the statements without a result yet, a sync
    /// point after each, and reads their results into `results`.
    private func sendEach(
        _ statements: [PostgresStatement], _ names: [String?],
        into results: inout [Result<PostgresRows, PostgresError>?], connection: OpaquePointer
    ) throws {
        guard PQenterPipelineMode(connection) == 1 else { throw connectionError(connection) }
        PQsetnonblocking(connection, 1)
        defer {
            PQsetnonblocking(connection, 0)
            PQexitPipelineMode(connection)
        }
        let pending = statements.indices.filter { results[$0] == nil }
        for index in pending {
            try send([statements[index]], [names[index]], connection: connection)
            guard PQpipelineSync(connection) == 1 else { throw connectionError(connection) }
        }
        try flush(connection)
        for index in pending {
            let (rows, error) = try readUpToSync(1, connection: connection)
            results[index] = error.map { .failure($0) } ?? .success(rows[0])
        }
    }

    private func preparedNames(for statements: [PostgresStatement], connection: OpaquePointer) throws -> [String?] {
        try statements.map { statement in
            try preparedName(for: PreparedKey(statement), connection: connection)
        }
    }

    private func send(_ statements: [PostgresStatement], _ names: [String?], connection: OpaquePointer) throws {
        for (statement, name) in zip(statements, names) {
            let sent = withParameters(statement.binds) { count, types, values, lengths, formats in
                if let name {
                    PQsendQueryPrepared(connection, name, count, values, lengths, formats, 0)
                } else {
                    PQsendQueryParams(connection, statement.sql, count, types, values, lengths, formats, 0)
                }
            }
            // Not flushed here: libpq sends by itself once 8 kB are buffered (reading
            // meanwhile if the server is not reading), and the caller flushes the rest, so
            // short statements share a system call.
            guard sent == 1 else { throw connectionError(connection) }
        }
    }

    /// Reads the results of `count` pipelined statements and the sync point after them: the
    /// rows of each (empty for one that failed or never ran) and the first error.
    private func readUpToSync(_ count: Int, connection: OpaquePointer) throws -> ([PostgresRows], PostgresError?) {
        var results: [PostgresRows] = []
        results.reserveCapacity(count)
        var firstError: PostgresError?
        for _ in 0..<count {
            guard let result = PQgetResult(connection) else { throw connectionError(connection) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
                results.append(PostgresRows())
            } else {
                do {
                    results.append(try rows(from: result, connection: connection))
                } catch let error as PostgresError {
                    if firstError == nil { firstError = error }
                    results.append(PostgresRows())
                }
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(connection) { PQclear(extra) }
        }
        // Drain up to and including the sync point, whatever happened before it.
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        return (results, firstError)
    }

    // MARK: Helpers

    private func open() throws -> OpaquePointer {
        guard let pointer else {
            throw PostgresError(code: .connectionClosed, message: "the connection is closed")
        }
        return pointer
    }

    /// Writes buffered output, waiting for the socket until all is sent, reading incoming
    /// results meanwhile so the server never blocks on us.
    private func flush(_ connection: OpaquePointer) throws {
        while true {
            let pending = PQflush(connection)
            if pending == 0 { return }
            if pending < 0 { throw connectionError(connection) }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN | POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, -1)
            if descriptor.revents & Int16(POLLIN) != 0, PQconsumeInput(connection) == 0 {
                throw connectionError(connection)
            }
        }
    }

    /// Turns a result into rows, or into the error it carries, clearing it exactly once.
    private func rows(from result: OpaquePointer?, connection: OpaquePointer) throws -> PostgresRows {
        guard let result else { throw connectionError(connection) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return PostgresRows(handle: ResultHandle(result))
        default:
            defer { PQclear(result) }
            throw PostgresError(result: result, connection: connection)
        }
    }

    private func connectionError(_ connection: OpaquePointer) -> PostgresError {
        PostgresError(
            code: .connectionFailed,
            message: String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func installNoticeReceiver(on connection: OpaquePointer) {
        let context = Unmanaged.passRetained(NoticeContext(logger: logger))
        noticeContext = context
        PQsetNoticeReceiver(connection, { argument, result in
            guard let argument, let result else { return }
            let context = Unmanaged<NoticeContext>.fromOpaque(argument).takeUnretainedValue()
            context.log(result)
        }, context.toOpaque())
    }
}

/// Sends server notices (`RAISE NOTICE`, warnings) to swift-log instead of libpq's stderr.
final class NoticeContext {
    let logger: Logger
    /// Set when the server sent a FATAL or PANIC message outside a statement: the session is
    /// over. Touched only on the connection's thread, inside libpq calls.
    var sessionEnded = false
    init(logger: Logger) { self.logger = logger }

    func log(_ result: OpaquePointer) {
        let field = { (code: Int32) in PQresultErrorField(result, code).map { String(cString: $0) } }
        let message = field(LAUREL_PG_DIAG_MESSAGE_PRIMARY) ?? ""
        let severity = field(LAUREL_PG_DIAG_SEVERITY_NONLOCALIZED) ?? "NOTICE"
        let metadata: Logger.Metadata = ["sqlstate": .string(field(LAUREL_PG_DIAG_SQLSTATE) ?? "")]
        if severity == "FATAL" || severity == "PANIC" { sessionEnded = true }
        switch severity {
        case "FATAL", "PANIC": logger.warning("postgres: \(message)", metadata: metadata)
        case "WARNING": logger.warning("postgres: \(message)", metadata: metadata)
        case "DEBUG": logger.debug("postgres: \(message)", metadata: metadata)
        // NOTICE and INFO are chatter ("relation already exists, skipping").
        default: logger.debug("postgres: \(message)", metadata: metadata)
        }
    }
}

extension PostgresError {
    /// Builds the error a failed result carries, with the server's diagnostic fields.
    init(result: OpaquePointer, connection: OpaquePointer) {
        let field = { (code: Int32) in PQresultErrorField(result, code).map { String(cString: $0) } }
        let message = field(LAUREL_PG_DIAG_MESSAGE_PRIMARY)
            ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let state = field(LAUREL_PG_DIAG_SQLSTATE).map(SQLState.init(rawValue:)) else {
            // No SQLSTATE: libpq itself failed, which means the connection.
            self.init(code: .connectionFailed, message: message.isEmpty
                ? String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
                : message)
            return
        }
        let code: Code = state == .queryCanceled ? .queryCancelled
            : state.isConnectionFailure ? .connectionFailed : .server
        self.init(
            code: code, sqlState: state, message: message,
            detail: field(LAUREL_PG_DIAG_MESSAGE_DETAIL),
            constraint: field(LAUREL_PG_DIAG_CONSTRAINT_NAME),
            table: field(LAUREL_PG_DIAG_TABLE_NAME))
    }
}

/// Calls `body` with C arrays of the strings' pointers, valid only during the call.
private func withCStringArrays<R>(
    _ first: [String], _ second: [String],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> R
) -> R {
    let firstC = first.map { strdup($0) }
    let secondC = second.map { strdup($0) }
    defer {
        firstC.forEach { free($0) }
        secondC.forEach { free($0) }
    }
    let firstArray = firstC.map { UnsafePointer($0) } + [nil]
    let secondArray = secondC.map { UnsafePointer($0) } + [nil]
    return firstArray.withUnsafeBufferPointer { firstBuffer in
        secondArray.withUnsafeBufferPointer { secondBuffer in
            body(firstBuffer.baseAddress!, secondBuffer.baseAddress!)
        }
    }
}

/// Lays the parameters out as libpq wants them: types, value pointers, lengths and formats.
/// Text values are NUL-terminated; binary ones carry their length.
///
/// Runs for every statement, so everything lives in temporary (usually stack) buffers rather
/// than in arrays allocated per call.
private func withParameters<R>(
    _ binds: [PostgresBind],
    _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
) -> R {
    if binds.isEmpty { return body(0, nil, nil, nil, nil) }
    let count = binds.count
    var size = 0
    for bind in binds {
        switch bind.value {
        case .null: break
        case .text(let text): size += text.utf8.count + 1
        case .binary(let bytes): size += bytes.count + 1
        }
    }
    // At least one byte, so the buffer has an address even when every parameter is NULL.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(size, 1)) { storage in
        withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { values in
            withUnsafeTemporaryAllocation(of: Oid.self, capacity: count) { types in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { lengthsAndFormats in
                    var offset = 0
                    /// Copies `bytes` and a NUL into `storage`; returns where they start.
                    func append(_ bytes: some Collection<UInt8>) -> UnsafePointer<CChar> {
                        let start = storage.baseAddress! + offset
                        let end = UnsafeMutableBufferPointer(start: start, count: size - offset)
                            .initialize(fromContentsOf: bytes)
                        start[end] = 0
                        offset += end + 1
                        return UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
                    }
                    for (index, bind) in binds.enumerated() {
                        types[index] = bind.type.rawValue
                        switch bind.value {
                        case .null:
                            values[index] = nil
                            lengthsAndFormats[index] = 0
                            lengthsAndFormats[count + index] = 0
                        case .text(let text):
                            values[index] = append(text.utf8)
                            lengthsAndFormats[index] = 0
                            lengthsAndFormats[count + index] = 0
                        case .binary(let bytes):
                            values[index] = append(bytes)
                            lengthsAndFormats[index] = Int32(bytes.count)
                            lengthsAndFormats[count + index] = 1
                        }
                    }
                    return body(
                        Int32(count), types.baseAddress, values.baseAddress,
                        lengthsAndFormats.baseAddress, lengthsAndFormats.baseAddress! + count)
                }
            }
        }
    }
}

extension PostgresError {
    /// 0A000: the schema changed under a prepared statement ("cached plan must not change
    /// result type"); 26000: the session dropped it (DISCARD ALL, DEALLOCATE).
    var invalidatesPreparedStatement: Bool { sqlState == .featureNotSupported || sqlState == .invalidStatementName }
}
