import Foundation
import HTTPTypes
import Synchronization

/// Every answer the route tests receive, written as JSON lines to the file `LAUREL_RESPONSE_LOG`
/// names, so `scripts/checks/response_check.py` can check each body against the OpenAPI
/// document's schema for its operation and status. Without the variable nothing is written.
enum ResponseLog {
    private static let file: Mutex<FileHandle?> = Mutex({
        guard let path = ProcessInfo.processInfo.environment["LAUREL_RESPONSE_LOG"], !path.isEmpty else { return nil }
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }())

    static func record(_ method: HTTPRequest.Method, _ uri: String, status: HTTPResponse.Status, headers: HTTPFields, body: Data) {
        file.withLock { file in
            guard let file else { return }
            let record: [String: Any] = [
                "method": method.rawValue, "uri": uri, "status": status.code,
                "content_type": headers[.contentType] ?? "", "body": String(decoding: body, as: UTF8.self),
            ]
            guard let line = try? JSONSerialization.data(withJSONObject: record) else { return }
            file.write(line + Data("\n".utf8))
        }
    }
}
