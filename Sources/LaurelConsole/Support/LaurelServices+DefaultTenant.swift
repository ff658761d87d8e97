import Commands
import LaurelServer
import Nominations

/// The console serves the process's own tenant (the `tenant` setting, configured from
/// `config_dir`): its sessions, accounts and pages are that tenant's. These name its parts as the
/// pages use them. They are declared here, not in LaurelServer, so that no API route can reach
/// a tenant other than its request's.
extension LaurelServices {
    package var domain: DomainConfiguration { tenants.defaultTenant.domain }
    package var organization: Organization { tenants.defaultTenant.organization }
    package var commands: NominationCommands { tenants.defaultTenant.commands }
    package var roles: Set<String> { tenants.defaultTenant.roles }
}
