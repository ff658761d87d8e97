import Logging
import ServiceLifecycle

/// Looks at the tenant registry every five seconds, so a tenant changed with `laurel tenants update`
/// is served with its new configuration and keys without a restart. New tenants need no look:
/// they are built at their first request.
struct TenantRefreshService: Service {
    static let interval = Duration.seconds(5)
    let tenants: TenantDirectory
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: Self.interval) {
            do {
                let changed = try await tenants.refresh()
                if !changed.isEmpty { logger.notice("tenants changed in the registry, served anew: \(changed.joined(separator: ", "))") }
            } catch {
                logger.warning("the tenant registry could not be read: \(error)")
            }
        }
    }
}
