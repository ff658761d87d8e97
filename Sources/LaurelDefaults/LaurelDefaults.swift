/// The migrations, the default configuration and the API contract, compiled into the binary from
/// `sql/`, `config/` and `Sources/LaurelServer/openapi.yaml` (the `EmbedDefaults` plugin), so
/// every command runs from any directory with nothing installed beside it.
public enum LaurelDefaults {
    /// A file as it is in the repository: its path (`sql/0001_event_store.sql`) and its text.
    public typealias File = (path: String, text: String)

    /// `sql/NNNN_name.sql`, in order.
    public static var migrations: [File] { embedded_migrations }

    /// `config/…`: the settings file `config/laurel.yaml`, `organization.yaml`, and the
    /// `workflows/`, `rules/` and `calendar/` directories.
    public static var configuration: [File] { embedded_configuration }

    /// The OpenAPI document the server serves at `/openapi.yaml`.
    public static var openAPIDocument: String { embedded_contract.first?.text ?? "" }
}
