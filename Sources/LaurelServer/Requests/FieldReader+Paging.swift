extension FieldReader {
    /// The paging parameters every list takes: `cursor`, the `next_cursor` of the previous page
    /// (the query checks it is one it gave out), and `limit`, 1 to 200, default 50.
    func page() -> (cursor: String?, limit: Int) {
        (string("cursor", maxLength: 200, required: false), integer("limit", in: 1...200, required: false) ?? 50)
    }
}
