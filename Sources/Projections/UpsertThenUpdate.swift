/// One batch's changes to a row that some events upsert (insert, or update a few columns when
/// it exists), others update only if it exists, each update setting the same columns anew, and
/// others delete.
///
/// Applied as: the delete of the row from before the batch, when an event deleted it (what the
/// batch did to the row before the delete is then moot); the last update before the batch's first
/// upsert (it can only change a row from an earlier batch, so none is kept after a delete); then
/// the upsert (its values merged over the batch's later upserts); then the last update after it,
/// which lands on the row whether the upsert inserted or updated it. As long as the conflict
/// clause and the updates set different columns, that leaves what the events applied one by one
/// would.
struct UpsertThenUpdate<Row, Update> {
    /// Whether the batch deletes the row, before anything it writes.
    private(set) var deletesFirst = false
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
        if row != nil {
            updateAfter = update
        } else if !deletesFirst {
            updateBefore = update
        }
    }

    /// Deletes the row: whatever the batch upserted or updated before is gone with it.
    mutating func delete() {
        self = Self()
        deletesFirst = true
    }
}
