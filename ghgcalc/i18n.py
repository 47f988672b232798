"""Labels of the report in Vietnamese and English (data, no logic)."""

from __future__ import annotations

ISO_ROWS: tuple[tuple[str, str, str], ...] = (
    ("1.1", "Stationary combustion", "Đốt nhiên liệu tĩnh"),
    ("1.2", "Mobile combustion", "Đốt nhiên liệu di động"),
    ("1.3", "Process, on-site waste and wastewater", "Quá trình công nghiệp, chất thải, nước thải"),
    ("1.4", "Fugitive emissions", "Phát thải thất thoát"),
    ("1.5", "Land use, land-use change and forestry", "Sử dụng đất, thay đổi sử dụng đất và lâm nghiệp"),
    ("2.1", "Imported electricity", "Điện mua vào"),
    ("2.2", "Imported energy (steam, heat, cooling)", "Năng lượng mua vào (hơi, nhiệt, lạnh)"),
    ("3", "Transportation", "Vận chuyển"),
    ("4", "Products used by the organization", "Sản phẩm tổ chức sử dụng"),
    ("5", "Use of products from the organization", "Sử dụng sản phẩm của tổ chức"),
    ("6", "Other sources", "Nguồn khác"),
)
#: ISO 14064-1:2018 Annex B subcategories of categories 3-5, shown when present.
ISO_SUBCATEGORIES: dict[str, tuple[str, str]] = {
    "3.1": ("Upstream transport and distribution", "Vận chuyển đầu vào"),
    "3.2": ("Downstream transport and distribution", "Vận chuyển đầu ra"),
    "3.3": ("Employee commuting", "Đi lại của nhân viên"),
    "3.4": ("Client and visitor transport", "Đi lại của khách hàng, khách thăm"),
    "3.5": ("Business travel", "Công tác"),
    "4.1": ("Purchased goods", "Hàng hóa mua vào"),
    "4.2": ("Capital goods", "Tài sản cố định"),
    "4.3": ("Disposal of solid and liquid waste", "Xử lý chất thải"),
    "4.4": ("Use of assets", "Sử dụng tài sản"),
    "4.5": ("Use of services", "Sử dụng dịch vụ"),
    "5.1": ("Use stage of the product", "Giai đoạn sử dụng sản phẩm"),
    "5.2": ("Downstream leased assets", "Tài sản cho thuê"),
    "5.3": ("End of life of the product", "Cuối vòng đời sản phẩm"),
    "5.4": ("Investments", "Đầu tư"),
}

L: dict[str, dict[str, str]] = {
    "en": {
        "direct": "Direct emissions (category 1)", "indirect": "Indirect emissions (categories 2-6)",
        "total": "Total", "category": "ISO 14064-1 category", "name": "Name", "total_co2e": "Total (t CO2e)",
        "biogenic": "Biogenic CO2 (t, outside total)", "removals": "Removals (t CO2e, outside total)",
        "memo": "Ozone-depleting gases (t CO2e, memo, outside total)",
        "scope1": "Scope 1", "scope2_loc": "Scope 2 (location-based)", "scope2_mkt": "Scope 2 (market-based)",
        "scope3": "Scope 3", "scope": "GHG Protocol scope", "co2e": "t CO2e",
        "report_title": "Greenhouse-gas inventory report", "form06": "Form 06 (Appendix II, Decree 06/2022/NĐ-CP)",
        "s1": "I. Information on the facility", "s2": "II. Production activities and activity data",
        "s3": "III. Inventory results", "boundary": "Boundary and operational scope",
        "technology": "Infrastructure, technology and operations", "sources": "GHG sources and sinks",
        "data_system": "GHG data system and its limitations", "method": "Inventory method and emission factors",
        "activity_data": "Activity data", "results": "Inventory results", "reliability":
        "Reliability, completeness and uncertainty", "applicability": "Decree 06/2022 applicability",
        "provenance": "Provenance", "by_gas": "Emissions by gas", "top": "Top sources", "detail": "Sources in detail",
        "signature": "REPRESENTATIVE OF THE FACILITY", "not_given": "(not given in the workbook)",
        "intensity": "Emission intensity", "per_year": "By year", "category_word": "category",
        "coverage": "Indirect emissions: categories quantified, and exclusions justified (ISO 14064-1:2018)",
        "status": "Status", "quantified": "quantified", "not_quantified": "not quantified",
        "share": "Share of total", "reason": "Reason for exclusion", "no_reason": "(no reason given)",
        "uncertainty_note": "Uncertainty: IPCC default factors carry the 95 % ranges of the cited tables; the "
                            "national grid factor has no published range. Biogenic CO2 and ozone-depleting "
                            "refrigerants are reported apart, outside the total.",
    },
    "vi": {
        "direct": "Phát thải trực tiếp (hạng mục 1)", "indirect": "Phát thải gián tiếp (hạng mục 2-6)",
        "total": "Tổng", "category": "Hạng mục ISO 14064-1", "name": "Tên", "total_co2e": "Tổng (t CO2tđ)",
        "biogenic": "CO2 sinh học (t, ngoài tổng)", "removals": "Hấp thụ (t CO2tđ, ngoài tổng)",
        "memo": "Chất làm suy giảm tầng ô-dôn (t CO2tđ, ghi nhớ, ngoài tổng)",
        "scope1": "Phạm vi 1", "scope2_loc": "Phạm vi 2 (theo vị trí)", "scope2_mkt": "Phạm vi 2 (theo thị trường)",
        "scope3": "Phạm vi 3", "scope": "Phạm vi GHG Protocol", "co2e": "t CO2tđ",
        "report_title": "Báo cáo kết quả kiểm kê khí nhà kính",
        "form06": "Mẫu số 06 (Phụ lục II, Nghị định 06/2022/NĐ-CP)",
        "s1": "I. Thông tin về cơ sở", "s2": "II. Hoạt động sản xuất và số liệu hoạt động",
        "s3": "III. Kết quả kiểm kê khí nhà kính", "boundary": "Ranh giới và phạm vi hoạt động",
        "technology": "Cơ sở hạ tầng, công nghệ và vận hành", "sources": "Các nguồn phát thải và bể hấp thụ",
        "data_system": "Hệ thống thông tin, số liệu và nguyên nhân hạn chế",
        "method": "Phương pháp kiểm kê và hệ số phát thải", "activity_data": "Số liệu hoạt động",
        "results": "Kết quả kiểm kê", "reliability": "Độ tin cậy, tính đầy đủ và độ không chắc chắn",
        "applicability": "Áp dụng Nghị định 06/2022", "provenance": "Nguồn gốc tính toán",
        "by_gas": "Phát thải theo khí", "top": "Các nguồn lớn nhất", "detail": "Chi tiết nguồn",
        "signature": "ĐẠI DIỆN CỦA CƠ SỞ", "not_given": "(chưa ghi trong sổ số liệu)",
        "intensity": "Cường độ phát thải", "per_year": "Theo năm", "category_word": "danh mục",
        "coverage": "Phát thải gián tiếp: hạng mục đã định lượng và lý do loại trừ (ISO 14064-1:2018)",
        "status": "Tình trạng", "quantified": "đã định lượng", "not_quantified": "chưa định lượng",
        "share": "Tỷ trọng trong tổng", "reason": "Lý do loại trừ", "no_reason": "(chưa nêu lý do)",
        "uncertainty_note": "Độ không chắc chắn: các hệ số mặc định IPCC kèm khoảng tin cậy 95 % của bảng được "
                            "trích dẫn; hệ số lưới điện quốc gia không công bố khoảng. CO2 sinh học và môi chất "
                            "làm suy giảm tầng ô-dôn được báo cáo riêng, ngoài tổng.",
    },
}
GAS_COLUMNS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")


def fmt(x: float, lang: str, spec: str = ",.1f") -> str:
    """A number as the report's language writes it: ``1,234.5`` (en), ``1.234,5`` (vi).

    >>> fmt(6809.66, "vi"), fmt(-207.7, "en", "+,.1f")
    ('6.809,7', '-207.7')
    """
    s = format(x, spec)
    return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "vi" else s
