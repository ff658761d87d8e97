import Commands
import Crypto
import EventStore
import Foundation
import Logging
import Nominations
import Postgres
import Projections
import Workflow

/// Everything the HTTP API stands on, opened once per process.
///
/// Requests run as the application role `laurel_app` (INSERT and SELECT on the log, no schema
/// changes); migrations and the projection runners, which create and swap read-model schemas,
/// run as the role the database URL names.
public final class LaurelServices: Sendable {
    public let settings: ServerSettings
    /// Every tenant the process serves: its own and the registry's. Routes take the request's
    /// tenant from the context (``LaurelRequestContext/tenant``), never from here.
    public let tenants: TenantDirectory
    public let pool: ConnectionPool
    public let listener: Listener
    public let store: EventStore
    public let projections: ProjectionService
    public let migrator: Migrator
    /// The read models on the primary: every query when there is no replica, and any the
    /// replica cannot answer.
    let primaryReads: ReadModelReads
    /// The hot standby `database.replica_url` names, if any, for lists and reports.
    let replica: ReadReplica?
    let logger: Logger
    package let accountQueries: AccountQueries

    /// The roles a token may carry: every workflow's roles, plus `auditor`, `administrator` and the
    /// deputy head, who acts as the head under a recorded delegation.
    public static func knownRoles(of domain: DomainConfiguration) -> Set<String> {
        let services = CouncilSession.roles.union([Caller.auditor, Caller.administrator, HeadDelegations.deputyRole])
        return domain.workflows.allDefinitions.reduce(into: services) {
            $0.formUnion($1.roles)
        }
    }

    /// Opens the pool, the listener and the store against `database` (already migrated).
    ///
    /// - Parameters:
    ///   - today: today's date in Vietnam; tests pass a fixed one.
    public init(
        settings: ServerSettings, domain: DomainConfiguration, database: PostgresConfiguration,
        migrator: Migrator, today: @escaping @Sendable () -> LocalDate = LaurelServices.todayInVietnam,
        logger: Logger = Logger(label: "laurel.server")
    ) async throws {
        _ = LaurelMetrics.registry
        self.settings = settings
        self.migrator = migrator
        let application = database.with(sessionRole: "laurel_app")
        pool = ConnectionPool(
            configuration: application,
            options: .init(maxConnections: settings.poolSize,
                           acquireTimeout: .milliseconds(settings.acquireTimeoutMilliseconds),
                           multiplexingConnections: settings.multiplexingConnections))
        listener = Listener(configuration: application)
        try await listener.start()
        store = EventStore(pool: pool, listener: listener,
                           options: .init(groupCommitConnections: settings.groupCommitConnections))
        projections = ProjectionService(configuration: database, pool: pool, store: store, listener: listener)
        let checkpointKey = try await Self.checkpointKey(pool)
        let defaultTenant = TenantServices(
            id: settings.tenant, domain: domain, store: store,
            authority: try await TokenAuthority(settings: settings, knownRoles: Self.knownRoles(of: domain)),
            checkpointKey: checkpointKey, today: today)
        tenants = TenantDirectory(defaultTenant: defaultTenant, registry: TenantRegistry(pool: pool), store: store,
                                  settings: settings, checkpointKey: checkpointKey, today: today, logger: logger)
        primaryReads = ReadModelReads(pool: pool)
        replica = settings.replicaURL.isEmpty ? nil : ReadReplica(
            configuration: PostgresConfiguration(settings.replicaURL).with(sessionRole: "laurel_app"),
            options: .init(maxConnections: settings.poolSize, acquireTimeout: .milliseconds(settings.acquireTimeoutMilliseconds)))
        self.logger = logger
        accountQueries = AccountQueries(pool: pool)
        // A log recorded before quotas, nominees' awards and candidacies had streams gets them, once.
        if let built = try await AggregatesFromTheLog(store: store, rules: domain.rules).buildIfNeeded(), built.nominations > 0 {
            logger.info("built \(built.quotas) quota, \(built.nominees) award and \(built.candidacies) candidacy streams from \(built.nominations) nominations in the log")
        }
    }

    /// Closes the pools and the listener.
    public func close() async {
        listener.close()
        await pool.close()
        await replica?.pool.close()
    }

    /// The read models on the primary, for what stays there: the metrics' counts.
    package var readModels: ReadModelQueries { primaryReads.readModels }

    /// The installation's key for checkpoint tokens (``CheckpointTokens``), made by the migration.
    private static func checkpointKey(_ pool: ConnectionPool) async throws -> SymmetricKey {
        guard let key = try await pool.query("SELECT key FROM laurel_checkpoint_key").first.map({ try $0.decode(0, as: Data.self) }),
              key.count == 32 else { throw Problem.unavailable("the database has no checkpoint key: run `laurel migrate`", retryAfter: 60) }
        return SymmetricKey(data: key)
    }

    /// Today in Vietnam, from the system clock.
    public static let todayInVietnam: @Sendable () -> LocalDate = { LocalDate(inVietnamAt: Date()) }
}

extension LaurelServices {
    /// Waits until read model `name` has applied the log up to `checkpoint` (from a command's
    /// response), so the query shows the command's effect; 503 after the configured timeout.
    package func waitForReadModel(_ name: String, checkpoint: LogCheckpoint?) async throws {
        guard let checkpoint else { return }
        try await projections.waitUntil(name, reaches: checkpoint,
                                        timeout: .milliseconds(settings.readYourWritesTimeoutMilliseconds))
    }

    /// Runs a list or report query on the read replica when there is one that answers, else on
    /// the primary, once read model `name` there has reached `checkpoint` (read-your-writes).
    package func reading<T: Sendable>(
        _ name: String, checkpoint: LogCheckpoint?, _ query: @Sendable (ReadModelReads) async throws -> T
    ) async throws -> T {
        if let replica, replica.isAvailable {
            do {
                if let checkpoint {
                    try await projections.waitUntil(name, reaches: checkpoint, on: replica.pool,
                                                    timeout: .milliseconds(settings.readYourWritesTimeoutMilliseconds))
                }
                return try await query(replica.reads)
            } catch where ReadReplica.primaryWouldAnswer(error) {
                replica.markUnavailable(after: error, logger: logger)
            }
        }
        try await waitForReadModel(name, checkpoint: checkpoint)
        return try await query(primaryReads)
    }
}
