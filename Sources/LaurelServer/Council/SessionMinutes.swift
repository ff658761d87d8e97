import Foundation
import Mustache
import Nominations
import Workflow

/// A council session's minutes (biên bản họp) as a printable page, made from the events: the
/// session's (who sat, who chaired, the recusals) and each decided nomination's result with the
/// rules it was counted under. A secret ballot's result shows counts only.
struct SessionMinutes {
    struct Person {
        let name: String
        let role: String
    }

    struct Recusal {
        let member: String
        let nomination: String
        let reason: String
    }

    struct Result {
        let index: Int
        let nominee: String
        let title: String
        let inFavour: Int
        let against: Int
        let abstaining: Int
        /// Written opinions of absent members: the count, whatever the ballot.
        let written: Int
        let votingBase: Int
        let outcome: String
        let quorum: String
        let threshold: String
        let source: String
    }

    let sessionID: String
    let councilName: String
    let dateWords: String
    let chair: String
    let present: [Person]
    let absent: [Person]
    let total: Int
    let presentCount: Int
    let recusals: [Recusal]
    let results: [Result]
    let hasRecusals: Bool
    let hasAbsent: Bool

    init(session: CouncilSession, nominations: [Nomination], organization: Organization) {
        let names = Dictionary(session.members.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let decided = nominations.filter { $0.councilResult?.sessionID == session.id }
        let nomineeNames = Dictionary(nominations.map { ($0.id, $0.nominee.name) }, uniquingKeysWith: { first, _ in first })
        sessionID = session.id
        councilName = organization.council(of: session.council)?.name ?? session.council
        dateWords = DecisionPrint.words(session.date)
        chair = names[session.chairID] ?? session.chairID
        present = session.members.filter { session.present.contains($0.id) }.map { Person(name: $0.name, role: $0.unit) }
        absent = session.members.filter { !session.present.contains($0.id) }.map { Person(name: $0.name, role: $0.unit) }
        total = session.members.count
        presentCount = present.count
        recusals = session.recusals.map {
            Recusal(member: names[$0.memberID] ?? $0.memberID, nomination: nomineeNames[$0.nominationID] ?? $0.nominationID, reason: $0.reason)
        }
        results = decided.enumerated().map { index, nomination in
            let result = nomination.councilResult!
            return Result(index: index + 1, nominee: nomination.nominee.name, title: nomination.titleName, inFavour: result.inFavour,
                          against: result.against, abstaining: result.abstaining,
                          written: result.writtenBallots?.from.count ?? result.writtenOpinions.count, votingBase: result.votingBase,
                          outcome: result.recommended ? "Đề nghị" : "Không đề nghị", quorum: result.quorum.text,
                          threshold: result.threshold.text, source: result.threshold.source)
        }
        hasRecusals = !recusals.isEmpty
        hasAbsent = !absent.isEmpty
    }

    static let template = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Biên bản phiên họp {{sessionID}}</title>
        <style>
        @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.35;
               max-width: 165mm; margin: 0 auto; color: #000; }
        h1 { text-align: center; font-size: 14pt; margin: 12pt 0 2pt; } .center { text-align: center; }
        h2 { font-size: 13pt; margin: 12pt 0 4pt; }
        table { width: 100%; border-collapse: collapse; font-size: 12pt; }
        th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
        td.n { text-align: center; } .rule { font-size: 10.5pt; font-style: italic; }
        .signatures { display: flex; justify-content: space-around; margin-top: 24pt; text-align: center; font-weight: bold; }
        .space { height: 54pt; }
        </style></head><body>
        <div class="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div>
        <h1>BIÊN BẢN HỌP VÀ KIỂM PHIẾU</h1>
        <div class="center"><b>{{councilName}}</b></div>
        <div class="center"><i>Phiên họp {{sessionID}}, {{dateWords}}</i></div>
        <h2>1. Thành phần</h2>
        <p>Chủ trì: {{chair}}. Có mặt {{presentCount}}/{{total}} thành viên Hội đồng:</p>
        <p>{{#present}}{{name}}; {{/present}}</p>
        {{#hasAbsent}}<p>Vắng mặt: {{#absent}}{{name}}; {{/absent}}</p>{{/hasAbsent}}
        {{#hasRecusals}}<h2>2. Thành viên không tham gia biểu quyết</h2>
        <table><thead><tr><th>Thành viên</th><th>Đối với</th><th>Lý do</th></tr></thead><tbody>
        {{#recusals}}<tr><td>{{member}}</td><td>{{nomination}}</td><td>{{reason}}</td></tr>{{/recusals}}
        </tbody></table>{{/hasRecusals}}
        <h2>{{#hasRecusals}}3{{/hasRecusals}}{{^hasRecusals}}2{{/hasRecusals}}. Kết quả biểu quyết</h2>
        <table><thead><tr><th>STT</th><th>Họ và tên</th><th>Danh hiệu</th><th>Đồng ý</th><th>Không đồng ý</th><th>Không biểu quyết</th>
        <th>Ý kiến bằng văn bản</th><th>Cơ sở tính</th><th>Kết quả</th></tr></thead><tbody>
        {{#results}}<tr><td class="n">{{index}}</td><td>{{nominee}}</td><td>{{title}}</td><td class="n">{{inFavour}}</td>
        <td class="n">{{against}}</td><td class="n">{{abstaining}}</td><td class="n">{{written}}</td><td class="n">{{votingBase}}</td>
        <td>{{outcome}}<div class="rule">{{threshold}} ({{source}}); {{quorum}}</div></td></tr>
        {{/results}}
        </tbody></table>
        <div class="signatures"><div>THƯ KÝ<div class="space"></div></div><div>CHỦ TỊCH HỘI ĐỒNG<div class="space"></div>{{chair}}</div></div>
        </body></html>
        """)
}
