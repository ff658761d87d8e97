import Mustache

/// The printed reports: HTML for A4 paper, self-contained (agencies print on intranets), values
/// escaped by Mustache, in the administrative layout of the decisions (Decree 30/2020/NĐ-CP).
enum ReportTemplates {
    private static let style = """
        <style>
        @page { size: A4 landscape; margin: 15mm 15mm 15mm 20mm; }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.35;
               margin: 0 auto; color: #000; }
        .center { text-align: center; } h1 { text-align: center; font-size: 14pt; margin: 12pt 0 2pt; }
        h2 { font-size: 13pt; margin: 12pt 0 4pt; }
        table { width: 100%; border-collapse: collapse; font-size: 12pt; margin-bottom: 8pt; }
        th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
        td.n, th.n { text-align: right; } .note { font-size: 11pt; font-style: italic; }
        table.header td { border: none; width: 33%; }
        </style>
        """

    static let fiveYear = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Tổng kết khen thưởng {{from}}–{{to}}</title>
        \(style)</head><body>
        <div class="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div>
        <h1>BÁO CÁO TỔNG KẾT CÔNG TÁC KHEN THƯỞNG GIAI ĐOẠN {{from}}–{{to}}</h1>
        <div class="center"><i>{{scope}}</i></div>
        <h2>1. Kết quả khen thưởng theo năm</h2>
        <table><thead><tr><th>Năm</th><th class="n">Tổng số</th><th class="n">Cá nhân</th><th class="n">Tập thể</th>
        <th class="n">Tập thể nhỏ</th><th class="n">Tỷ lệ tập thể nhỏ</th><th class="n">Trực tiếp thực thi nhiệm vụ</th>
        <th class="n">Tỷ lệ trực tiếp</th><th class="n">Nhập từ trước</th></tr></thead><tbody>
        {{#years}}<tr><td>{{year}}</td><td class="n">{{awards}}</td><td class="n">{{individuals}}</td><td class="n">{{collectives}}</td>
        <td class="n">{{smallCollectives}}</td><td class="n">{{smallShare}}</td><td class="n">{{frontLine}}</td>
        <td class="n">{{frontLineShare}}</td><td class="n">{{imported}}</td></tr>{{/years}}
        <tr><td><b>Cộng</b></td><td class="n"><b>{{total}}</b></td><td colspan="7"></td></tr>
        </tbody></table>
        <p>Mục tiêu: {{aimText}} ({{aimSource}}). Tỷ lệ tập thể nhỏ năm {{to}} so với năm {{from}}: <b>{{smallVerdict}}</b>;
        tỷ lệ trực tiếp thực thi nhiệm vụ: <b>{{frontLineVerdict}}</b>.</p>
        <h2>2. Theo danh hiệu, hình thức khen thưởng</h2>
        <table><thead><tr><th>Danh hiệu, hình thức</th>{{#yearNumbers}}<th class="n">{{.}}</th>{{/yearNumbers}}<th class="n">Cộng</th></tr></thead><tbody>
        {{#titles}}<tr><td>{{name}}</td>{{#byYear}}<td class="n">{{.}}</td>{{/byYear}}<td class="n"><b>{{total}}</b></td></tr>{{/titles}}
        </tbody></table>
        <h2>3. Theo đơn vị</h2>
        <table><thead><tr><th>Đơn vị</th>{{#yearNumbers}}<th class="n">{{.}}</th>{{/yearNumbers}}<th class="n">Cộng</th></tr></thead><tbody>
        {{#units}}<tr><td>{{name}}</td>{{#byYear}}<td class="n">{{.}}</td>{{/byYear}}<td class="n"><b>{{total}}</b></td></tr>{{/units}}
        </tbody></table>
        <p class="note">Số liệu từ sổ khen thưởng của Laurel: các khen thưởng còn hiệu lực (không tính khen thưởng đã bị hủy bỏ), kể cả
        khen thưởng trước khi dùng Laurel đã được nhập.</p>
        </body></html>
        """)

    static let yearbook = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Kỷ yếu khen thưởng {{unitName}}</title>
        \(style)</head><body>
        <div class="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div>
        <h1>KỶ YẾU KẾT QUẢ KHEN THƯỞNG</h1>
        <div class="center"><b>{{unitName}}</b></div>
        <div class="center"><i>{{count}} khen thưởng{{#span}}, từ năm {{first}} đến năm {{last}}{{/span}}</i></div>
        {{#years}}<h2>Năm {{year}}</h2>
        <table><thead><tr><th>STT</th><th>Danh hiệu, hình thức</th><th>Tập thể, cá nhân</th><th>Số, ngày quyết định</th><th>Ghi chú</th></tr></thead><tbody>
        {{#awards}}<tr><td class="n">{{index}}</td><td>{{title}}</td><td>{{nominee}}</td><td>{{decision}}</td><td>{{note}}</td></tr>{{/awards}}
        </tbody></table>{{/years}}
        {{^years}}<p>Đơn vị chưa có khen thưởng nào trong sổ.</p>{{/years}}
        </body></html>
        """)

    /// A form of the statistical report to the Ministry of Home Affairs: the form's header as the
    /// circular lays it out, its table with "—" in the cells Laurel cannot fill, the footnotes.
    static let statisticalForm = try! MustacheTemplate(string: """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Biểu số {{form}} năm {{year}}</title>
        \(style)</head><body>
        <table class="header"><tr><td><b>Biểu số {{form}}</b><br><i>{{basis}}</i>{{#due}}<br>Ngày nhận báo cáo: {{due}}{{/due}}</td>
        <td class="center"><b>{{name}}</b><br>Năm {{year}}<br><i>(Kỳ báo cáo: từ {{from}} đến {{to}})</i></td>
        <td>Đơn vị báo cáo: <b>{{reporter}}</b><br>Đơn vị nhận báo cáo: ……………………{{#measure}}<br><i>Đơn vị tính: {{measure}}</i>{{/measure}}</td></tr></table>
        <table><thead><tr><th></th><th>Mã số</th>{{#measured}}<th>Đơn vị tính</th>{{/measured}}
        {{#columns}}<th class="n">{{number}}. {{label}}</th>{{/columns}}</tr></thead><tbody>
        {{#rows}}{{#heading}}<tr><td colspan="2"><b>{{label}}</b></td>{{#measured}}<td></td>{{/measured}}{{#columns}}<td></td>{{/columns}}</tr>{{/heading}}
        {{^heading}}<tr><td>{{label}}{{#note}}<sup>({{note}})</sup>{{/note}}</td><td class="center">{{code}}</td>{{#measured}}<td>{{measure}}</td>{{/measured}}
        {{#cells}}<td class="n">{{.}}</td>{{/cells}}</tr>{{/heading}}{{/rows}}
        </tbody></table>
        {{#notes}}<p class="note">({{number}}) {{text}}</p>{{/notes}}
        </body></html>
        """)
}
