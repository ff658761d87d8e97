import Logging

extension RepeatingService {
    /// Looks at the tenant registry every five seconds, so a tenant changed with `laurel tenants
    /// update` is served with its new configuration and keys without a restart. New tenants need no
    /// look: they are built at their first request.
    static func tenantRefresh(tenants: TenantDirectory, logger: Logger) -> RepeatingService {
        RepeatingService(interval: .seconds(5)) {
            do {
                let changed = try await tenants.refresh()
                if !changed.isEmpty { logger.notice("tenants changed in the registry, served anew: \(changed.joined(separator: ", "))") }
            } catch {
                logger.warning("the tenant registry could not be read: \(error)")
            }
        }
    }
}
