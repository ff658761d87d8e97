import Logging

extension RepeatingService {
    /// Reads `auth.jwks_file` again whenever it changes, so token keys rotate without a restart.
    ///
    /// It looks at the file (modification time, size, inode) every five seconds rather than waiting
    /// for SIGHUP or watching it with inotify: a file rewritten in place, replaced by a rename, or
    /// mounted as a Kubernetes secret (a symlink swapped under it) is noticed alike, nobody has to
    /// signal every instance after a change, and one `stat` every five seconds costs nothing. Five
    /// seconds is within the lead a rotation gives anyway: the new key is published well before the
    /// first token signed with it, and the old one stays until its tokens have expired.
    static func tokenKeyReload(authority: TokenAuthority, logger: Logger) -> RepeatingService {
        RepeatingService(interval: .seconds(5)) {
            do {
                if let keyIDs = try await authority.reloadKeysIfChanged() {
                    logger.notice("auth.jwks_file read again; its keys: \(keyIDs.joined(separator: ", "))")
                }
            } catch {
                // The message names the file and what is wrong with it, never a key's material.
                logger.error("\(error); the keys read before stay in use")
            }
        }
    }
}
