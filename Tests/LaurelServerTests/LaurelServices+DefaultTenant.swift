import Commands
import LaurelServer
import Nominations

/// The process's own tenant's parts, as the tests written before tenants name them.
extension LaurelServices {
    var domain: DomainConfiguration { tenants.defaultTenant.domain }
    var organization: Organization { tenants.defaultTenant.organization }
    var commands: NominationCommands { tenants.defaultTenant.commands }
    var authority: TokenAuthority { tenants.defaultTenant.authority }
}
