import Foundation
import PackagePlugin

/// Writes the commit the build comes from into `BuildCommit.swift`, so `laurel --version` and the
/// `laurel_build_info` metric can name it. Runs before every build; the file is rewritten only when
/// the commit (or whether the tree has changes) differs, so an unchanged tree recompiles nothing.
@main
struct BuildStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let file = output.appending(path: "BuildCommit.swift").path
        let package = context.package.directoryURL.path
        // Outside a git checkout (an unpacked source archive) the commit is "unknown".
        let script = """
            mkdir -p '\(output.path)'
            commit=$(git -C '\(package)' rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && [ -n "$(git -C '\(package)' status --porcelain --untracked-files=no 2>/dev/null)" ]; then
              commit="$commit-modified"
            fi
            text="/// The commit this build comes from (\\"-modified\\" when the tree had uncommitted changes).
            package let buildCommit = \\"$commit\\""
            [ "$(cat '\(file)' 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > '\(file)'
            """
        return [.prebuildCommand(displayName: "Stamping the build with its commit", executable: URL(filePath: "/bin/sh"),
                                 arguments: ["-c", script], outputFilesDirectory: output)]
    }
}
