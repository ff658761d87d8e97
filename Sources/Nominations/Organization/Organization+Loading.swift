import Workflow

extension Organization {
    /// Parses and validates an organisation file given as text.
    ///
    /// Every problem is reported, not just the first: malformed entries, unknown keys, duplicate
    /// codes, references to unknown units, members in no unit, councils without exactly one chair
    /// or without a standing member, a person seated twice on one council, a cluster or bloc head
    /// outside its members, non-positive headcounts and cycles of parents.
    /// - Parameters:
    ///   - file: the name used in messages, for example `config/organization.yaml`.
    ///   - text: the YAML text.
    /// - Throws: `ConfigErrors` with one `file:line: message` per problem.
    public static func load(file: String, text: String) throws(ConfigErrors) -> Organization {
        var reader = OrganizationReader(file: file)
        let organization = reader.read(text: text)
        guard let organization, reader.problems.isEmpty else { throw ConfigErrors(reader.problems) }
        return organization
    }
}
