/// The movements whose period starts in a year, or that ran on some day of it, as the API lists them.
struct MovementListResource: Encodable {
    let year: Int
    /// Whether the list is of the movements that ran in the year (else of those starting in it).
    let running: Bool
    /// In the order they were launched (or moved into the year by an amendment).
    let movements: [MovementResource]
    /// Counts the events of the year's index and of its movements' streams: any launch into the
    /// year or change of a movement listed gives a higher one.
    let version: Int64
}
