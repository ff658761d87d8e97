import Foundation
import PackagePlugin

/// Compiles the migrations (`sql/`), the default configuration (`config/`) and the API contract
/// (`Sources/LaurelServer/openapi.yaml`) into the binary, so `laurel` runs from any directory
/// with nothing beside it: `EmbeddedDefaults.swift` holds each file's path and text. The files stay where they are, edited as files; the build command runs
/// again whenever one of them changes.
@main
struct EmbedDefaults: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let migrations = try files(under: root.appending(path: "sql"), root: root).filter { $0.hasSuffix(".sql") }
        let configuration = try files(under: root.appending(path: "config"), root: root)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        let contract = ["Sources/LaurelServer/openapi.yaml"]
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaults.swift")
        // Each file becomes a raw multi-line literal; the newline before the closing delimiter is
        // the literal's own, so the text ends exactly as the file does.
        let script = ######"""
            out="$1"; root="$2"; shift 2
            {
              echo '// Generated from sql/, config/ and openapi.yaml by the EmbedDefaults plugin: edit those files, not this one.'
              for kind in migrations configuration contract; do
                echo "package let embedded_$kind: [(path: String, text: String)] = ["
                for file in "$@"; do
                  case "$kind:$file" in migrations:sql/*|configuration:config/*|contract:Sources/*) ;; *) continue ;; esac
                  printf '("%s", #####"""\n' "$file"
                  cat "$root/$file"
                  printf '\n"""#####),\n'
                done
                echo "]"
              done
            } > "$out.tmp" && mv "$out.tmp" "$out"
            """######
        let inputs = (migrations + configuration + contract).map { root.appending(path: $0) }
        return [.buildCommand(displayName: "Embedding sql/, config/ and openapi.yaml", executable: URL(filePath: "/bin/sh"),
                              arguments: ["-c", script, "sh", output.path, root.path] + migrations + configuration + contract,
                              inputFiles: inputs, outputFiles: [output])]
    }

    /// Paths under `directory`, relative to `root`, sorted.
    private func files(under directory: URL, root: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        return walker.compactMap { item -> String? in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            let path = url.standardizedFileURL.path
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }.sorted()
    }
}
