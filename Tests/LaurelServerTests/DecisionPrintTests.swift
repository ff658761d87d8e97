import Foundation
@testable import LaurelServer
import Nominations
import Testing
import Workflow

/// The printed decision as Decree 30/2020/NĐ-CP lays it out, from a decision alone (no server).
@Suite struct DecisionPrintTests {
    func decision(onBehalf: SignedOnBehalf?, date: LocalDate) -> AwardDecision {
        AwardDecision(
            authority: "vksndtc", year: 2026, sequence: 215, symbol: "QĐ-VKSTC", date: date, place: "Hà Nội",
            subject: "Về việc tặng Bằng khen", legalBases: ["Law 06/2022/QH15", "Xét đề nghị của Thường trực Hội đồng"],
            signer: DecisionSigner(name: "Lê Minh Trí", position: "Viện trưởng", signedOnBehalf: onBehalf),
            awardees: [Awardee(nominationID: "N1", nominee: .individual(id: "p1", name: "Nguyễn Văn <An>", unit: "vksnd-hanoi",
                                                                      position: "Kiểm sát viên", isFrontLine: true),
                               title: "certificate_of_merit", titleName: "Bằng khen", year: 2026)],
            recipients: ["Như Điều 3"], corrects: nil, correction: nil)
    }

    func render(_ decision: AwardDecision) throws -> String {
        let configuration = try ConfigFiles.load(try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config")))
        return DecisionTemplates.decision.render(DecisionPrint(decision, organization: configuration.organization, rules: configuration.rules))
    }

    @Test func aDeputysSignatureReadsOnTheHeadsBehalf() throws {
        let deputy = SignedOnBehalf(deputy: Deputy(id: "d1", name: "Nguyễn Huy Tiến", position: "Phó Viện trưởng"),
                                    forHeadOf: "vksndtc", delegation: "45/QĐ-VKSTC")
        let page = try render(decision(onBehalf: deputy, date: LocalDate(year: 2026, month: 2, day: 5)!))
        #expect(page.contains("KT. VIỆN TRƯỞNG<br>PHÓ VIỆN TRƯỞNG"))
        #expect(page.contains("Nguyễn Huy Tiến"))
        #expect(!page.contains("Lê Minh Trí"), "the deputy signs, not the head")
        // Decree 30: days below 10 and the months January and February with a leading zero.
        #expect(page.contains("Hà Nội, ngày 05 tháng 02 năm 2026"))
        #expect(page.contains("Số: 215/QĐ-VKSTC"))
        #expect(page.contains("Tặng Bằng khen cho 1 cá nhân"))
        #expect(page.contains("Căn cứ Luật số 06/2022/QH15;"))
        #expect(page.contains("Xét đề nghị của Thường trực Hội đồng."))
        #expect(page.contains("Nguyễn Văn &lt;An&gt;"), "names are escaped")
    }

    @Test func theHeadSignsInTheirOwnName() throws {
        let page = try render(decision(onBehalf: nil, date: LocalDate(year: 2026, month: 12, day: 15)!))
        #expect(page.contains("<td class=\"signer\">VIỆN TRƯỞNG"))
        #expect(!page.contains("KT. "))
        #expect(page.contains("Lê Minh Trí"))
        #expect(page.contains("ngày 15 tháng 12 năm 2026"))
    }
}
