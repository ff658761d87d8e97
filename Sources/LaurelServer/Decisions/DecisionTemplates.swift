import Mustache

/// The printed decision and certificates: HTML for A4 paper (print from the browser, or to PDF),
/// self-contained (no fonts or scripts fetched: agencies print on intranets). Values are escaped
/// by Mustache; the layout follows Decree 30/2020/NĐ-CP, appendix I (font Times New Roman, 13–14 pt).
enum DecisionTemplates {
    static let decision = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Quyết định {{number}}</title>
        <style>
        @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 14pt; line-height: 1.4;
               max-width: 165mm; margin: 0 auto; color: #000; }
        table.heading { width: 100%; border-collapse: collapse; }
        table.heading td { vertical-align: top; text-align: center; padding: 0; }
        td.issuer-cell { width: 44%; } td.nation-cell { width: 56%; }
        .parent { font-size: 11pt; white-space: nowrap; }
        .upper { font-size: 12pt; }
        .nowrap { white-space: nowrap; }
        .bold { font-weight: bold; }
        .rule { border-top: 1px solid #000; margin: 2pt auto 6pt; }
        .rule.short { width: 30%; } .rule.long { width: 55%; }
        .subject + .rule { margin-top: 8pt; }
        .date { font-style: italic; }
        h1 { text-align: center; font-size: 14pt; margin: 20pt 0 0; }
        .subject { text-align: center; font-weight: bold; }
        .authority { text-align: center; font-weight: bold; margin: 12pt 0 6pt; }
        p { margin: 0 0 6pt; text-align: justify; text-indent: 1cm; }
        p.basis { font-style: italic; }
        .decides { text-align: center; font-weight: bold; margin: 8pt 0; }
        table.signature { width: 100%; margin-top: 12pt; border-collapse: collapse; }
        table.signature td { vertical-align: top; padding: 0; }
        td.recipients { width: 50%; font-size: 12pt; } td.signer { text-align: center; font-weight: bold; }
        .space { height: 60pt; }
        section.annex { page-break-before: always; break-before: page; }
        .center { text-align: center; }
        table.list { width: 100%; border-collapse: collapse; font-size: 13pt; margin-top: 8pt; }
        table.list th, table.list td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }
        table.list td.index { text-align: center; }
        table.list col.index { width: 7%; } table.list col.name { width: 27%; } table.list col.title { width: 24%; }
        </style></head>
        <body>
        <table class="heading"><tr>
        <td class="issuer-cell">{{#issuerParent}}<div class="parent">{{issuerParent}}</div>{{/issuerParent}}
        <div class="upper bold">{{issuer}}</div><div class="rule short"></div>
        <div>Số: {{number}}</div></td>
        <td class="nation-cell"><div class="upper bold nowrap">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
        <div class="bold nowrap">Độc lập - Tự do - Hạnh phúc</div><div class="rule long"></div>
        <div class="date">{{place}}, {{dateWords}}</div></td>
        </tr></table>
        <h1>QUYẾT ĐỊNH</h1>
        <div class="subject">{{subject}}</div><div class="rule short"></div>
        <div class="authority">{{authorityTitle}}</div>
        {{#bases}}<p class="basis">{{.}}</p>
        {{/bases}}
        <div class="decides">QUYẾT ĐỊNH:</div>
        {{#articles}}<p><b>Điều {{number}}.</b> {{text}}</p>
        {{/articles}}
        <table class="signature"><tr>
        <td class="recipients"><b><i>Nơi nhận:</i></b><br>{{#recipients}}- {{.}};<br>{{/recipients}}</td>
        <td class="signer">{{#deputyTitle}}KT. {{headTitle}}<br>{{deputyTitle}}{{/deputyTitle}}{{^deputyTitle}}{{headTitle}}{{/deputyTitle}}
        <div class="space"></div>{{signerName}}</td>
        </tr></table>
        {{#hasAwardees}}
        <section class="annex">
        <div class="center bold">DANH SÁCH</div>
        <div class="center date">(Kèm theo Quyết định số {{number}} {{dateWords}} của {{authorityWords}})</div>
        <div class="rule short"></div>
        <table class="list"><colgroup><col class="index"><col class="name"><col><col class="title"></colgroup><thead><tr><th>STT</th><th>Họ và tên</th><th>Chức vụ, đơn vị</th><th>Danh hiệu, hình thức</th></tr></thead>
        <tbody>
        {{#awardees}}<tr><td class="index">{{index}}</td><td>{{name}}</td><td>{{#position}}{{position}}, {{/position}}{{unitName}}</td><td>{{titleName}}</td></tr>
        {{/awardees}}
        </tbody></table>
        </section>
        {{/hasAwardees}}
        </body></html>
        """)

    static let certificates = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Giấy chứng nhận – Quyết định {{number}}</title>
        <style>
        @page { size: A4 landscape; margin: 12mm; }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; margin: 0; color: #000; }
        section.certificate { box-sizing: border-box; width: 273mm; height: 186mm; margin: 0 auto; padding: 14mm 20mm;
                              border: 3mm double #b8860b; text-align: center; page-break-after: always; break-after: page; }
        .nation { font-weight: bold; font-size: 15pt; } .motto { font-weight: bold; font-size: 15pt; }
        .rule { border-top: 1px solid #000; width: 25%; margin: 3pt auto 14pt; }
        .authority { font-weight: bold; font-size: 17pt; color: #a00; }
        .verb { font-weight: bold; font-size: 30pt; color: #a00; margin: 10pt 0 4pt; letter-spacing: 2pt; }
        .title { font-weight: bold; font-size: 22pt; color: #a00; margin-bottom: 12pt; }
        .name { font-weight: bold; font-size: 26pt; margin: 6pt 0; }
        .detail { font-size: 16pt; margin: 2pt 0; }
        .footer { display: flex; justify-content: space-between; margin-top: 16pt; font-size: 14pt; }
        .footer .left { text-align: left; } .footer .right { text-align: center; font-weight: bold; }
        .date { font-style: italic; font-weight: normal; }
        .space { height: 44pt; }
        </style></head>
        <body>
        {{#awardees}}
        <section class="certificate">
        <div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
        <div class="motto">Độc lập - Tự do - Hạnh phúc</div><div class="rule"></div>
        <div class="authority">{{authorityTitle}}</div>
        <div class="verb">{{verb}}</div>
        <div class="title">{{certificateTitle}}</div>
        <div class="name">{{name}}</div>
        <div class="detail">{{#position}}{{position}}, {{/position}}{{unitName}}</div>
        <div class="footer">
        <div class="left">Quyết định số {{number}}<br>Số thứ tự trong danh sách: {{index}}</div>
        <div class="right"><div class="date">{{place}}, {{dateWords}}</div>{{#deputyTitle}}KT. {{headTitle}}<br>{{deputyTitle}}{{/deputyTitle}}{{^deputyTitle}}{{headTitle}}{{/deputyTitle}}
        <div class="space"></div>{{signerName}}</div>
        </div>
        </section>
        {{/awardees}}
        </body></html>
        """)
}
