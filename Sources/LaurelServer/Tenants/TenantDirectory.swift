import Crypto
import EventStore
import Foundation
import Logging
import Synchronization
import Workflow

/// The tenants a process serves: its own (the `tenant` setting, configured from `config_dir`) and
/// every one in the registry, whose services are built at its first request and kept.
///
/// A tenant added with `laurel tenants add` is served by every running instance at its first
/// request, without a restart; one changed with `laurel tenants update` is built again once
/// ``refresh()`` (every five seconds, ``RepeatingService/tenantRefresh(tenants:logger:)``) sees its `updated_at` move.
public final class TenantDirectory: Sendable {
    /// The process's own tenant, which a token without a `tenant` claim acts in.
    public let defaultTenant: TenantServices
    public let registry: TenantRegistry
    private let store: EventStore
    private let settings: ServerSettings
    private let checkpointKey: SymmetricKey
    private let today: @Sendable () -> LocalDate
    private let logger: Logger
    /// Registered tenants built so far, with the `updated_at` of the row they were built from.
    private let built = Mutex<[String: (services: TenantServices, updatedAt: Date)]>([:])

    init(defaultTenant: TenantServices, registry: TenantRegistry, store: EventStore, settings: ServerSettings,
         checkpointKey: SymmetricKey, today: @escaping @Sendable () -> LocalDate, logger: Logger) {
        (self.defaultTenant, self.registry, self.store, self.settings, self.checkpointKey, self.today, self.logger)
            = (defaultTenant, registry, store, settings, checkpointKey, today, logger)
    }

    /// The services of tenant `id` (nil: the process's own), or nil when no such tenant exists.
    /// - Throws: `Problem` 503 when the tenant's stored configuration or keys no longer load.
    public func tenant(_ id: String?) async throws -> TenantServices? {
        guard let id, id != defaultTenant.id else { return defaultTenant }
        if let services = built.withLock({ $0[id]?.services }) { return services }
        // An id that cannot be registered is not looked up: the answer is the same, without a query.
        guard TenantRegistry.isValidID(id), let record = try await registry.find(id) else { return nil }
        let services = try await build(record)
        return built.withLock { built in
            // Another request may have built it meanwhile, from the same row or a later one.
            if let other = built[id], other.updatedAt >= record.updatedAt { return other.services }
            built[id] = (services, record.updatedAt)
            return services
        }
    }

    /// Forgets the tenants whose registry row changed or went since they were built, so the next
    /// request builds them again from the row.
    /// - Returns: the ids forgotten.
    @discardableResult
    public func refresh() async throws -> [String] {
        let rows = try await registry.pool.query("SELECT tenant, updated_at FROM laurel_tenants")
        let current = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Date.self)) })
        return built.withLock { built in
            let stale = built.filter { current[$0.key] != $0.value.updatedAt }.map(\.key)
            for id in stale { built[id] = nil }
            return stale.sorted()
        }
    }

    private func build(_ record: TenantRegistry.Record) async throws -> TenantServices {
        do {
            let domain = try ConfigFiles.load(record.configuration.contents)
            let authority = try await TokenAuthority(tenant: record, settings: settings, knownRoles: LaurelServices.knownRoles(of: domain))
            return TenantServices(id: record.id, domain: domain, store: store, authority: authority,
                                  checkpointKey: checkpointKey, today: today)
        } catch {
            // Validated when it was stored; a later build may validate more strictly.
            logger.error("tenant \(record.id) cannot be served: \(error)")
            throw Problem.unavailable("tenant \(record.id)'s configuration cannot be loaded; see the service's log", retryAfter: 60)
        }
    }
}
