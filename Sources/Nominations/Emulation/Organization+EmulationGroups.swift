extension Organization {
    /// The cluster or bloc with `code`, if any.
    public func emulationGroup(code: String) -> EmulationGroup? {
        (clusters + blocs).first { $0.code == code }
    }

    /// Every member of a cluster or bloc, clusters first, in file order: the units a sector-wide
    /// ranking ranks.
    public var emulatingUnits: [String] { (clusters + blocs).flatMap(\.members) }
}
