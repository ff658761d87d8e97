/// One batch's changes to a row that some events upsert (insert, or update a few columns when
/// it exists) and others update only if it exists, each update setting the same columns anew.
///
/// Applied as: the last update before the batch's first upsert (it can only change a row from
/// an earlier batch), then the upsert (its values merged over the batch's later upserts), then
/// the last update after it, which lands on the row whether the upsert inserted or updated it.
/// As long as the conflict clause and the updates set different columns, that leaves what the
/// events applied one by one would.
struct UpsertThenUpdate<Row, Update> {
    private(set) var updateBefore: Update?
    private(set) var row: Row?
    private(set) var updateAfter: Update?

    init() {}

    /// Upserts `row`; if the batch upserted before, `merge` applies it as the conflict clause
    /// would (to the row held, with the new values).
    mutating func upsert(_ new: Row, merge: (inout Row, Row) -> Void) {
        if row == nil {
            row = new
        } else {
            merge(&row!, new)
        }
    }

    mutating func update(_ update: Update) {
        if row == nil { updateBefore = update } else { updateAfter = update }
    }
}
