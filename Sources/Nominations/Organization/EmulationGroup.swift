/// An emulation cluster or bloc (cụm, khối thi đua): units that emulate together, whose head unit
/// gathers the members' emulation registrations and sends them to the council's standing office.
public struct EmulationGroup: Sendable, Equatable {
    /// Clusters group units by region (provincial procuracies); blocs group them by function.
    public enum Kind: String, Sendable {
        case cluster
        case bloc
    }

    public let kind: Kind
    public let code: String
    /// The Vietnamese name, with diacritics.
    public let name: String
    public let englishName: String
    /// The code of the head unit (đơn vị trưởng cụm, trưởng khối), always one of `members`.
    public let head: String
    /// The member units' codes, in file order.
    public let members: [String]
}
