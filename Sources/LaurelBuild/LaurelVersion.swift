/// Which Laurel this is: the release version, and the commit it was built from.
public enum LaurelVersion {
    /// The release version, as the OpenAPI document's `info.version` also states it.
    public static let version = "1.0.0"
    /// The commit, stamped at build time by the `BuildStamp` plugin ("unknown" outside git).
    public static let commit = buildCommit
    /// "1.0.0 (commit 0123456789ab)": what `laurel --version` prints.
    public static var description: String { "\(version) (commit \(commit))" }
}
