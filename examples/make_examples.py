"""Generate the example facility workbooks in ``examples/`` (run: ``python examples/make_examples.py``).

Seven realistic, internally consistent facilities, each with a different Decree 06/2022
outcome. Names are fictional; quantities are plausible orders of magnitude for the
sector, not data of any real company.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ghgcalc.io.schema import CREDITS_SHEET, FACILITY_FIELDS, MEASURES, QC_SHEET, SHEETS
from ghgcalc.io.workbook import write_template

HERE = Path(__file__).resolve().parent
MFG = "manufacturing_construction"

EXAMPLES: dict[str, dict[str, Any]] = {
    "dong_thap_pangasius": {
        "lang": "vi",
        "facility": {
            "name": "Công ty CP Thủy sản Sen Hồng (ví dụ)", "tax_code": "1400000001",
            "address": "KCN Sa Đéc, tỉnh Đồng Tháp", "province": "Đồng Tháp", "facility_type": "industrial",
            "business_field": "Chế biến cá tra phi lê đông lạnh", "reporting_years": "2025,2026", "gwp": "AR5",
            "consolidation": "kiểm soát vận hành", "production_output": "2025: 21000; 2026: 21800",
            "production_unit": "t sản phẩm",
            "decimal_separator": ",",
            "boundary_notes": "Nhà máy chế biến, kho lạnh, hệ thống xử lý nước thải và đội xe nội bộ tại KCN Sa Đéc.",
            "technology_notes": "2 lò hơi (1 đốt dầu FO, 1 đốt trấu), hệ thống lạnh NH3 cho cấp đông, "
                                "máy lạnh R-22 cho kho và văn phòng, hồ kỵ khí sâu xử lý nước thải.",
            "sources_notes": "Đốt FO và trấu (lò hơi), dầu DO (xe tải), rò rỉ môi chất lạnh, CH4 từ hồ kỵ khí, "
                             "điện lưới.",
            "data_system_notes": "Hóa đơn nhiên liệu, sổ nạp gas lạnh, hóa đơn điện EVN, quan trắc COD hằng tháng.",
            "indirect_exclusions": "3.2: khách hàng nhận hàng tại kho (FOB), ngoài ranh giới; "
                                   "3.3, 3.4, 3.5: không đáng kể (ước tính < 1 % tổng phát thải); "
                                   "4.1: chưa có số liệu của nhà cung cấp cá nguyên liệu và bao bì; "
                                   "4.2, 4.4, 4.5: không đáng kể; 5: không áp dụng (sản phẩm thực phẩm); "
                                   "6: không có nguồn khác",
            # Form 06 III.4
            "reliability_data_notes": "Hóa đơn nhiên liệu và điện, sổ nạp gas lạnh, kết quả quan trắc COD của "
                                      "phòng thí nghiệm được công nhận.",
            "completeness_data_notes": "Đủ 12 tháng của mọi nguồn trong ranh giới; trấu cân theo từng xe nhập.",
            "uncertainty_data_notes": "Hóa đơn, công tơ: ± 2,5 %; khối lượng trấu: ± 5 %; COD: ± 10 %.",
            "reliability_results_notes": "Hệ số của Quyết định 2626/QĐ-BTNMT, hệ số lưới điện do Cục Biến đổi khí "
                                         "hậu công bố (2023, năm 2025–2026 chưa công bố), IPCC 2006 cho nước thải.",
            "completeness_results_notes": "Định lượng mọi nguồn hạng mục 1 và 2 và hai nguồn hạng mục 3–4; "
                                          "các hạng mục gián tiếp khác loại trừ có nêu lý do.",
            "uncertainty_results_notes": "Lớn nhất ở CH4 của hồ kỵ khí (MCF, Bo); xem bảng độ không chắc chắn.",
        },
        "rows": {
            "stationary": [
                {"activity": "dầu FO", "quantity": "180.000", "unit": "lít", "year": 2025, "equipment": "Lò hơi 1"},
                {"activity": "trấu", "quantity": 2400, "unit": "tấn", "year": 2025, "equipment": "Lò hơi 2"},
                {"activity": "dầu FO", "quantity": "172.500", "unit": "lít", "year": 2026, "equipment": "Lò hơi 1"},
                {"activity": "trấu", "quantity": 2550, "unit": "tấn", "year": 2026, "equipment": "Lò hơi 2"},
            ],
            "mobile": [
                {"activity": "DO", "quantity": "12.000", "unit": "lít", "year": 2025, "vehicle": "Xe tải lạnh"},
                {"activity": "DO", "quantity": "12.800", "unit": "lít", "year": 2026, "vehicle": "Xe tải lạnh"},
            ],
            "refrigerants": [
                {"activity": "R-22", "quantity": 120, "unit": "kg", "year": 2025, "equipment": "Kho lạnh"},
                {"activity": "R-717", "quantity": 300, "unit": "kg", "year": 2025, "equipment": "Cấp đông NH3"},
                {"activity": "R-22", "quantity": 95, "unit": "kg", "year": 2026, "equipment": "Kho lạnh"},
                {"activity": "R-717", "quantity": 280, "unit": "kg", "year": 2026, "equipment": "Cấp đông NH3"},
            ],
            "electricity": [
                {"activity": "điện lưới", "quantity": 6500, "unit": "MWh", "year": 2025},
                {"activity": "điện lưới", "quantity": 6820, "unit": "MWh", "year": 2026},
            ],
            "wastewater": [
                {"activity": "nước thải", "quantity": 120000, "unit": "m3", "year": 2025, "cod": 2500,
                 "cod_unit": "mg/L", "treatment": "anaerobic_deep_lagoon", "sludge_removed": "30 t",
                 "description": "Bùn nạo vét (30 t COD theo phân tích) chuyển đi ủ compost: tính ở hạng mục 4.3"},
                {"activity": "nước thải", "quantity": 126000, "unit": "m3", "year": 2026, "cod": 2400,
                 "cod_unit": "mg/L", "treatment": "anaerobic_deep_lagoon", "sludge_removed": "32 t",
                 "description": "Bùn nạo vét (32 t COD theo phân tích) chuyển đi ủ compost: tính ở hạng mục 4.3"},
            ],
            "indirect": [
                {"activity": "vận chuyển đầu vào", "quantity": "41.000", "unit": "lít", "year": 2025, "fuel": "DO",
                 "description": "Xe tải thuê chở cá nguyên liệu (dầu DO theo hóa đơn nhà thầu)"},
                {"activity": "vận chuyển đầu vào", "quantity": "26.000", "unit": "lít", "year": 2025, "fuel": "DO",
                 "sector": "navigation", "description": "Ghe thuê chở cá từ ao nuôi (dầu DO theo hóa đơn)"},
                {"activity": "chất thải", "quantity": 650, "unit": "tấn", "year": 2025, "treatment": "composting",
                 "technology": "wet", "description": "Bùn thải hồ xử lý chuyển đi ủ phân compost"},
                {"activity": "vận chuyển đầu vào", "quantity": "43.500", "unit": "lít", "year": 2026, "fuel": "DO",
                 "description": "Xe tải thuê chở cá nguyên liệu (dầu DO theo hóa đơn nhà thầu)"},
                {"activity": "vận chuyển đầu vào", "quantity": "27.500", "unit": "lít", "year": 2026, "fuel": "DO",
                 "sector": "navigation", "description": "Ghe thuê chở cá từ ao nuôi (dầu DO theo hóa đơn)"},
                {"activity": "chất thải", "quantity": 690, "unit": "tấn", "year": 2026, "treatment": "composting",
                 "technology": "wet", "description": "Bùn thải hồ xử lý chuyển đi ủ phân compost"},
            ],
        },
    },
    "hanoi_textile_dyeing": {
        "lang": "vi",
        "facility": {
            "name": "Công ty TNHH Dệt nhuộm Sông Hồng (ví dụ)", "tax_code": "0100000002",
            "address": "KCN Phú Nghĩa, Chương Mỹ, Hà Nội", "province": "Hà Nội", "facility_type": "industrial",
            "business_field": "Dệt, nhuộm và hoàn tất vải", "listed": "yes", "reporting_years": "2025",
            "gwp": "AR5", "decimal_separator": ",", "production_output": 18, "production_unit": "triệu m vải",
            "boundary_notes": "Xưởng dệt, nhuộm, lò hơi than và trạm xử lý nước thải.",
            "technology_notes": "Lò hơi ghi xích đốt than cám 10 t/h; máy nhuộm cao áp; trạm xử lý hiếu khí.",
        },
        "rows": {
            "stationary": [{"activity": "than cám", "quantity": 3000, "unit": "tấn", "year": 2025,
                            "equipment": "Lò hơi than"}],
            "electricity": [{"activity": "điện lưới", "quantity": 4000, "unit": "MWh", "year": 2025}],
            "wastewater": [{"activity": "nước thải", "quantity": 350000, "unit": "m3", "year": 2025, "cod": 800,
                            "cod_unit": "mg/L", "treatment": "aerobic_not_well_managed"}],
            "indirect": [
                {"activity": "chất thải", "quantity": 140, "unit": "tấn", "year": 2025, "treatment": "chôn lấp",
                 "waste_type": "industrial_textile", "technology": "managed_anaerobic", "covered": "có",
                 "description": "Vải vụn, biên vải chuyển bãi chôn lấp hợp vệ sinh"},
                {"activity": "chất thải", "quantity": 420, "unit": "tấn", "year": 2025, "treatment": "chôn lấp",
                 "waste_type": "sludge_industrial", "technology": "managed_anaerobic", "covered": "có",
                 "description": "Bùn trạm xử lý nước thải (đã ép) chuyển bãi chôn lấp"},
            ],
        },
    },
    "cement_plant": {
        "lang": "en",
        "facility": {
            "name": "Ha Nam Cement JSC (example)", "tax_code": "0700000003", "province": "Ninh Bình",
            "facility_type": "industrial", "business_field": "Clinker and cement", "listed": "yes",
            "sector_group": "cement", "quota_2025": 1_050_000, "quota_2026": 1_120_000,
            "reporting_years": "2025,2026", "gwp": "AR5",
            "decimal_separator": ".", "production_output": "2025: 1200000; 2026: 1150000",
            "production_unit": "t clinker",
            "boundary_notes": "Quarry, raw mill, one dry-process kiln line with preheater, cement mill, packing.",
        },
        "rows": {
            "stationary": [{"activity": "than cám", "quantity": 150000, "unit": "t", "year": 2025,
                            "equipment": "Kiln and calciner"},
                           {"activity": "DO", "quantity": 400000, "unit": "L", "year": 2025,
                            "equipment": "Kiln start-up"},
                           {"activity": "than cám", "quantity": 142000, "unit": "t", "year": 2026,
                            "equipment": "Kiln and calciner"},
                           {"activity": "DO", "quantity": 380000, "unit": "L", "year": 2026,
                            "equipment": "Kiln start-up"}],
            "process": [{"activity": "clinker_production", "quantity": 1200000, "unit": "t", "year": 2025,
                         "cao_content": 0.655},
                        {"activity": "clinker_production", "quantity": 1150000, "unit": "t", "year": 2026,
                         "cao_content": 0.652}],
            "electricity": [{"activity": "grid_electricity", "quantity": 110000, "unit": "MWh", "year": 2025},
                            {"activity": "grid_electricity", "quantity": 104000, "unit": "MWh", "year": 2026}],
        },
    },
    "brick_kiln": {
        "lang": "vi",
        "facility": {
            "name": "Hợp tác xã Gạch Tuynel Bình Minh (ví dụ)", "province": "Vĩnh Long",
            "facility_type": "industrial", "business_field": "Gạch nung tuynel", "reporting_years": "2025",
            "gwp": "AR5", "decimal_separator": ",", "production_output": 25, "production_unit": "triệu viên",
        },
        "rows": {
            "stationary": [{"activity": "than cám", "quantity": 400, "unit": "tấn", "year": 2025},
                           {"activity": "củi", "quantity": 200, "unit": "tấn", "year": 2025}],
            "electricity": [{"activity": "điện", "quantity": 150, "unit": "MWh", "year": 2025}],
        },
    },
    "binh_duong_electronics": {
        "lang": "en",
        "facility": {
            "name": "VSIP Electronics Assembly Co., Ltd. (example)", "tax_code": "3700000005",
            "province": "Bình Dương (Hồ Chí Minh City)", "facility_type": "industrial",
            "business_field": "Printed circuit board assembly", "reporting_years": "2025", "gwp": "AR6",
            "decimal_separator": ".", "sector": "commercial_institutional",
            "boundary_notes": "One factory building in an industrial park; rooftop solar; EV chargers for staff buses.",
        },
        "rows": {
            "stationary": [{"activity": "diesel", "quantity": 2000, "unit": "L", "year": 2025,
                            "equipment": "Stand-by generator"}],
            "electricity": [
                {"activity": "grid_electricity", "quantity": 3000, "unit": "MWh", "year": 2025,
                 "description": "EVN grid incl. EV charging"},
                {"activity": "contract_electricity", "quantity": 3500, "unit": "MWh", "year": 2025, "ef_market": 0,
                 "ef_market_unit": "t CO2/MWh", "supplier": "Solar farm DPPA"},
                {"activity": "self_generated_renewable_electricity", "quantity": 1000, "unit": "MWh", "year": 2025,
                 "description": "Rooftop solar 800 kWp"},
            ],
            "refrigerants": [{"activity": "R-410A", "quantity": 60, "unit": "kg", "year": 2025},
                             {"activity": "R-32", "quantity": 20, "unit": "kg", "year": 2025}],
            "indirect": [{"activity": "business_travel", "quantity": 450000, "unit": "pkm", "year": 2025,
                          "ef_co2e": 0.15, "ef_unit": "kg/pkm", "ef_source": "supplier's flight data (illustrative)"}],
        },
    },
    "freight_company": {
        "lang": "vi",
        "facility": {
            "name": "Công ty CP Vận tải Hàng hóa Mekong (ví dụ)", "province": "Cần Thơ",
            "facility_type": "freight_transport", "business_field": "Vận tải hàng hóa đường bộ",
            "reporting_years": "2025", "gwp": "AR5", "decimal_separator": ",", "sector": "road_transport",
        },
        "rows": {
            "mobile": [{"activity": "DO", "quantity": "450.000", "unit": "lít", "year": 2025,
                        "vehicle": "Xe tải diesel"},
                       {"activity": "natural_gas", "quantity": "700.000", "unit": "m3", "year": 2025,
                        "vehicle": "Xe tải CNG"}],
            "electricity": [{"activity": "điện", "quantity": 120, "unit": "MWh", "year": 2025}],
        },
    },
    "hai_phong_garment": {
        "lang": "vi",
        "facility": {
            "name": "Công ty TNHH May mặc Cảng Biển (ví dụ)", "tax_code": "0200000007",
            "address": "KCN Nomura, thành phố Hải Phòng", "province": "Hải Phòng", "facility_type": "industrial",
            "business_field": "May quần áo xuất khẩu", "reporting_years": "2025,2026", "gwp": "AR5",
            "decimal_separator": ",", "consolidation": "kiểm soát vận hành", "base_year": 2022,
            "recalculation_threshold_pct": 5, "legal_representative": "Trần Thị B (ví dụ)",
            "indirect_exclusions": "3, 4, 5, 6: chưa định lượng trong kỳ này, không đáng kể so với tổng phát thải",
            "boundary_notes": "Hai xưởng may, xưởng là hơi, nhà ăn và kho thành phẩm tại KCN Nomura.",
            "data_system_notes": "Hóa đơn dầu DO và LPG, hóa đơn điện EVN, sổ nạp gas lạnh; năm cơ sở 2022 "
                                 "được tính lại khi có hệ số lưới điện 2022 và khi phát hiện hóa đơn dầu bị sót.",
            # Form 06 III.4
            "reliability_data_notes": "Số liệu lấy từ hóa đơn của nhà cung cấp và công tơ EVN, đối chiếu từng "
                                      "tháng (biên bản kiểm soát chất lượng).",
            "completeness_data_notes": "Đủ 12 tháng của mọi nguồn trong ranh giới; hóa đơn tháng 12/2022 bị sót "
                                       "đã được bổ sung.",
            "uncertainty_data_notes": "Hóa đơn và công tơ thương mại: ± 2,5 % (cấp đo lường 3).",
            "reliability_results_notes": "Hệ số của Quyết định 2626/QĐ-BTNMT và hệ số lưới điện do Cục Biến đổi khí "
                                         "hậu công bố; hệ số IPCC 2006 cho nguồn còn lại.",
            "completeness_results_notes": "Định lượng mọi nguồn hạng mục 1 và 2; hạng mục 3–6 loại trừ có nêu lý do.",
            "uncertainty_results_notes": "Khoảng ± 5 % trên tổng phát thải (IPCC, Phương pháp 1), xem bảng dưới.",
        },
        "qc_log": [
            {"check": "Đối chiếu số liệu nhập với hóa đơn và sổ ghi công tơ", "checked_by": "Lê Văn C (ví dụ)",
             "date": "12/01/2027", "result": "có sai sót",
             "errors_found": "Thiếu hóa đơn điện tháng 12/2022 (200 MWh) và hóa đơn dầu 3.000 lít",
             "action_taken": "Bổ sung vào mục 4.1 và 1.1 của sổ số liệu; tính lại năm cơ sở 2022"},
            {"check": "Kiểm tra đơn vị đo và hệ số quy đổi", "checked_by": "Lê Văn C (ví dụ)",
             "date": "13/01/2027", "result": "đạt"},
            {"check": "So sánh kết quả 2025–2026 với năm cơ sở, giải thích chênh lệch",
             "checked_by": "Phạm Thị D (ví dụ)", "date": "15/01/2027", "result": "đạt"},
        ],
        "rows": {
            "stationary": [
                {"activity": "DO", "quantity": "21.000", "unit": "lít", "year": 2022, "equipment": "Lò hơi là",
                 "description": "gồm hóa đơn 3.000 lít tháng 12/2022 bị sót trong báo cáo 2022"},
                {"activity": "LPG", "quantity": 18, "unit": "tấn", "year": 2022, "equipment": "Nhà ăn"},
                {"activity": "DO", "quantity": "19.500", "unit": "lít", "year": 2025, "equipment": "Lò hơi là"},
                {"activity": "LPG", "quantity": 17, "unit": "tấn", "year": 2025, "equipment": "Nhà ăn"},
                {"activity": "DO", "quantity": "18.200", "unit": "lít", "year": 2026, "equipment": "Lò hơi là"},
                {"activity": "LPG", "quantity": 16, "unit": "tấn", "year": 2026, "equipment": "Nhà ăn"},
            ],
            "refrigerants": [
                {"activity": "R-410A", "quantity": 25, "unit": "kg", "year": 2022, "equipment": "Điều hòa xưởng",
                 "description": "nạp bổ sung năm 2022, chưa kê khai trong báo cáo 2022"},
                {"activity": "R-410A", "quantity": 22, "unit": "kg", "year": 2025, "equipment": "Điều hòa xưởng"},
                {"activity": "R-410A", "quantity": 20, "unit": "kg", "year": 2026, "equipment": "Điều hòa xưởng"},
            ],
            "electricity": [
                {"activity": "điện lưới", "quantity": 2400, "unit": "MWh", "year": 2022,
                 "description": "gồm hóa đơn EVN tháng 12/2022 (200 MWh) bị sót trong báo cáo 2022"},
                {"activity": "điện lưới", "quantity": 2650, "unit": "MWh", "year": 2025},
                {"activity": "điện lưới", "quantity": 2700, "unit": "MWh", "year": 2026},
            ],
        },
    },
    # one company, two sites (run with --consolidate): its own plant and a joint venture it does not operate
    "mekong_foods/head_office_plant": {
        "lang": "en",
        "facility": {
            "name": "Mekong Foods JSC, Cần Thơ plant and head office (example)", "tax_code": "1800000011",
            "organisation": "Mekong Foods JSC (example)", "province": "Cần Thơ", "facility_type": "industrial",
            "business_field": "Rice and noodle processing", "reporting_years": "2025,2026", "gwp": "AR5",
            "decimal_separator": ".", "ownership_pct": 100, "operational_control": "yes",
            "financial_control": "yes",
        },
        "rows": {
            "stationary": [
                {"activity": "residual_fuel_oil", "quantity": 900, "unit": "t", "year": 2025, "equipment": "Boiler"},
                {"activity": "residual_fuel_oil", "quantity": 950, "unit": "t", "year": 2026, "equipment": "Boiler"},
            ],
            "electricity": [
                {"activity": "grid_electricity", "quantity": 4200, "unit": "MWh", "year": 2025},
                {"activity": "grid_electricity", "quantity": 4400, "unit": "MWh", "year": 2026},
            ],
        },
    },
    "mekong_foods/long_an_joint_venture": {
        "lang": "en",
        "facility": {
            "name": "Long An Starch JV Co., Ltd. (example)", "tax_code": "1100000013",
            "organisation": "Mekong Foods JSC (example)", "province": "Tây Ninh (Long An)",
            "facility_type": "industrial", "business_field": "Cassava starch", "reporting_years": "2025,2026",
            "gwp": "AR5", "decimal_separator": ".", "ownership_pct": 40, "operational_control": "no",
            "financial_control": "joint",
            "boundary_notes": "Joint venture operated by the partner; Mekong Foods holds 40 % of the equity.",
        },
        "rows": {
            "stationary": [
                {"activity": "other_bituminous_coal", "quantity": 3000, "unit": "t", "year": 2025,
                 "equipment": "Coal boiler"},
                {"activity": "other_bituminous_coal", "quantity": 3100, "unit": "t", "year": 2026,
                 "equipment": "Coal boiler"},
            ],
            "electricity": [
                {"activity": "grid_electricity", "quantity": 2500, "unit": "MWh", "year": 2025},
                {"activity": "grid_electricity", "quantity": 2600, "unit": "MWh", "year": 2026},
            ],
        },
    },
}

# where each number of the garment example comes from (Circular 38/2023/TT-BCT Art. 17)
_RECORDS = {"stationary": ("Petrolimex Hải Phòng", "hóa đơn (invoice)"),
            "refrigerants": ("Công ty bảo trì điện lạnh (AC contractor)",
                             "đo: cân bình gas (measured: cylinder weighed)"),
            "electricity": ("EVN Hải Phòng", "đo: công tơ EVN (measured: EVN meter)")}
for _sheet, _rows in EXAMPLES["hai_phong_garment"]["rows"].items():
    for _i, _r in enumerate(_rows, start=1):
        _r.setdefault("data_document", f"{_sheet[:3].upper()}-{_r['year']}-{_i:02d}")
        _r["data_provider"], _r["data_method"] = _RECORDS[_sheet]

#: Carbon credits the garment maker retired (its ``credits`` sheet, for the ISO 14068-1 balance): 900 t for 2025
#: (short of its 2025 footprint) and 1,200 + 720 = 1,920 t for 2026 (above the 2026 footprint of 1,915.2 t).
#: Registries, serial numbers and projects are fictional, in each registry's format.
GARMENT_CREDITS = [
    {"registry": "Gold Standard", "serial": "GS1-1-VN-GS7781-2-2023-25614-1-900", "vintage": 2023, "type": "GS VER",
     "quantity_t": 900, "retired_for_year": 2025, "retirement_date": "2026-03-15",
     "project": "Bếp đun cải tiến Hải Dương (ví dụ)"},
    {"registry": "Verra", "serial": "9912-420615001-420616200-VCS-VCU-997-VER-VN-14-2811-01012024-31122024-0",
     "vintage": 2024, "type": "VCU", "quantity_t": 1200, "retired_for_year": 2026, "retirement_date": "2026-11-20",
     "project": "Thủy điện nhỏ Lào Cai (ví dụ)"},
    {"registry": "JCM", "serial": "VN-JP-0042-2024-000001-000720", "vintage": 2024, "type": "JCM", "quantity_t": 720,
     "retired_for_year": 2026, "retirement_date": "2026-11-20", "project": "Điện mặt trời mái nhà Bình Dương (ví dụ)"},
]
EXAMPLES["hai_phong_garment"]["rows"]["credits"] = GARMENT_CREDITS

#: The pangasius plant's reduction plan (its ``measures`` sheet, Decree 06/2022 Art. 12), applied in this order
#: from 2026: two electricity measures on the same grid supply, two measures on the same FO boiler (each counted
#: on what the one before left), the lagoon covered, R-22 replaced, a DPPA share. Costs in VND are illustrative
#: orders of magnitude (2024-2025 prices), the PV yield the EPC contractor's survey the plant would cite.
PANGASIUS_MEASURES = [
    {"measure": "vfd", "kind": "electricity_saving", "from_year": 2026, "pct": 8,
     "description": "Biến tần cho bơm nước và máy nén lạnh", "capital_cost": 2_400_000_000, "lifetime_years": 10,
     "annual_cost": -1_000_000_000, "discount_rate_pct": 8, "currency": "VND"},
    {"measure": "pv", "kind": "solar_rooftop", "from_year": 2026, "kwp": 1000, "yield_kwh_per_kwp": 1250,
     "yield_source": "khảo sát của nhà thầu EPC (ví dụ)", "description": "Điện mặt trời mái nhà kho lạnh",
     "capital_cost": 15_000_000_000, "lifetime_years": 25, "annual_cost": -2_300_000_000, "discount_rate_pct": 8},
    {"measure": "eco", "kind": "boiler_efficiency", "from_year": 2026, "from_activity": "dầu FO",
     "efficiency_before": 78, "efficiency_after": 85, "description": "Bộ hâm nước tận dụng nhiệt khói lò hơi 1",
     "capital_cost": 800_000_000, "lifetime_years": 10, "annual_cost": -240_000_000, "discount_rate_pct": 8},
    {"measure": "husk", "kind": "fuel_switch", "from_year": 2026, "from_activity": "dầu FO", "to_activity": "trấu",
     "efficiency_ratio": 0.94, "description": "Chuyển lò hơi 1 từ dầu FO sang trấu",
     "capital_cost": 6_000_000_000, "lifetime_years": 15, "annual_cost": -2_100_000_000, "discount_rate_pct": 8},
    {"measure": "biogas", "kind": "biogas_capture", "from_year": 2026, "pct": 80,
     "description": "Phủ bạt hồ kỵ khí, thu hồi và đốt khí sinh học", "capital_cost": 4_000_000_000,
     "lifetime_years": 15, "annual_cost": 200_000_000, "discount_rate_pct": 8},
    {"measure": "r32", "kind": "refrigerant_change", "from_year": 2026, "from_activity": "R-22",
     "to_activity": "R-32", "description": "Thay máy lạnh kho dùng R-22 bằng máy dùng R-32",
     "capital_cost": 1_500_000_000, "lifetime_years": 12, "annual_cost": -100_000_000, "discount_rate_pct": 8},
    {"measure": "dppa", "kind": "dppa", "from_year": 2026, "pct": 20, "ef_market": 0,
     "description": "Mua 20 % điện từ trang trại điện mặt trời theo DPPA"},
]
EXAMPLES["dong_thap_pangasius"]["rows"]["measures"] = PANGASIUS_MEASURES

#: Carbon credits the pangasius plant retired (its ``credits`` sheet): 2,500 t for 2025 (short of its 2025 footprint
#: of 6,712.2 t) and 4,000 + 3,000 = 7,000 t for 2026 (above the 2026 footprint of 6,926.6 t). With its reduction
#: plan above, 2026 can be claimed carbon neutral (ISO 14068-1). Registries, serials and projects are fictional.
PANGASIUS_CREDITS = [
    {"registry": "Gold Standard", "serial": "GS1-1-VN-GS8120-4-2024-31007-1-2500", "vintage": 2024,
     "type": "GS VER", "quantity_t": 2500, "retired_for_year": 2025, "retirement_date": "2026-03-30",
     "project": "Hầm biogas hộ chăn nuôi Đồng bằng sông Cửu Long (ví dụ)"},
    {"registry": "Verra", "serial": "10452-512000001-512004000-VCS-VCU-1491-VER-VN-1-3188-01012025-31122025-0",
     "vintage": 2025, "type": "VCU", "quantity_t": 4000, "retired_for_year": 2026, "retirement_date": "2026-11-25",
     "project": "Nhà máy điện trấu An Giang (ví dụ)"},
    {"registry": "Gold Standard", "serial": "GS1-1-VN-GS8120-4-2025-33410-1-3000", "vintage": 2025,
     "type": "GS VER", "quantity_t": 3000, "retired_for_year": 2026, "retirement_date": "2026-11-25",
     "project": "Hầm biogas hộ chăn nuôi Đồng bằng sông Cửu Long (ví dụ)"},
]
EXAMPLES["dong_thap_pangasius"]["rows"]["credits"] = PANGASIUS_CREDITS

#: The base-year report of ``hai_phong_garment`` as published in early 2023: the 2022 grid factor was not
#: announced yet (the 2021 factor, 0.7221 t CO2/MWh, was used as the facility's own factor), the December
#: invoices of diesel (3,000 L) and electricity (200 MWh) were missed and the air-conditioner top-up was not counted.
PUBLISHED_2022 = {
    "stationary": [
        {"activity": "DO", "quantity": "18.000", "unit": "lít", "year": 2022, "equipment": "Lò hơi là"},
        {"activity": "LPG", "quantity": 18, "unit": "tấn", "year": 2022, "equipment": "Nhà ăn"},
    ],
    "other": [
        {"activity": "grid_electricity", "quantity": 2200, "unit": "MWh", "year": 2022, "ef_co2": 0.7221,
         "ef_unit": "t CO2/MWh",
         "ef_source": "DCC grid factor 2021 (the latest announced when the 2022 report was made)"},
    ],
}


def published_report(path: Path) -> None:
    """Write the base-year report as published (``report.json``) for the recalculation example."""
    from ghgcalc.io.report_writers import write
    from ghgcalc.report import build_inventory

    spec = EXAMPLES["hai_phong_garment"]
    book = path.with_suffix(".xlsx")
    fill(book, spec["lang"], {**spec["facility"], "reporting_years": "2022"}, PUBLISHED_2022)
    try:
        write(build_inventory(book), path)
    finally:
        book.unlink()


#: Mistakes seeded in the inventory the pangasius plant "submitted"
#: (``verification/dong_thap_pangasius_submitted.xlsx``), for ``ghgcalc verify``:
#: (year, category, what was done wrong). Grid factors: 2021 0.7221 and 2023 0.6592 t CO2/MWh
#: (emission_factors/vn/grid_emission_factors.csv); GWP of CH4 25 (AR4) and 28 (AR5).
SUBMITTED_MISTAKES = (
    (2025, "2.1", "electricity with the 2021 grid factor 0.7221 instead of 0.6592 t CO2/MWh"),
    (2025, "1.1", "the husk boiler's biogenic CO2 counted in the total"),
    (2025, "1.4", "R-22 (ozone-depleting, a memo item) counted in the total"),
    (2026, "1.3", "wastewater CH4 with the AR4 GWP 25 instead of AR5 28"),
    (2026, "4.3", "compost line typed in kg instead of t"),
)


#: The factors the pangasius plant's submission states (its ``factors`` sheet), three of them wrong:
#: the 2025 grid factor is the 2021 one (0.7221 for 0.6592 t CO2/MWh), FO's CO2 factor is typed per GJ under
#: a per-TJ unit (77.4 for 77,400 kg CO2/TJ, Decision 2626/QĐ-BTNMT App. I item 1.31) and R-22 carries its
#: AR4 GWP (1,810 for 1,760, AR5).
SUBMITTED_FACTORS = (
    {"year": 2025, "activity": "điện lưới", "gas": "CO2", "value": 0.7221, "unit": "t CO2/MWh",
     "source": "Công văn 1726/BĐKH-PTCBT"},
    {"year": 2026, "activity": "điện lưới", "gas": "CO2", "value": 0.6592, "unit": "t CO2/MWh",
     "source": "Công văn 1726/BĐKH-PTCBT"},
    {"year": 2025, "activity": "FO", "gas": "CO2", "value": 77.4, "unit": "kg CO2/TJ",
     "source": "Quyết định 2626/QĐ-BTNMT"},
    {"year": 2025, "activity": "trấu", "gas": "CO2", "value": 100000, "unit": "kg CO2/TJ",
     "source": "IPCC 2006"},
    {"year": 2025, "activity": "R-22", "gas": "GWP", "value": 1810, "unit": "kg CO2e/kg", "source": "IPCC"},
)


def submitted_inventory(path: Path) -> None:
    """The pangasius plant's inventory as "submitted", typed by a verifier (year, category, gas, t_co2e).

    Computed from ``dong_thap_pangasius.xlsx`` and rounded to 0.1 t, with :data:`SUBMITTED_MISTAKES` seeded;
    a second sheet ``factors`` states the factors used (:data:`SUBMITTED_FACTORS`).
    """
    from openpyxl import Workbook

    from ghgcalc.report import build_inventory

    inv = build_inventory(HERE / "dong_thap_pangasius.xlsx")
    iso = inv.iso_table()
    iso = iso[(iso["co2e_t"] != 0) | (iso["memo_co2e_t"] != 0)].set_index(["year", "category"])
    grid_mwh = {2025: 6500, 2026: 6820}
    rows = []
    for (year, cat), r in iso.iterrows():
        total = float(r["co2e_t"])
        ch4 = float(r["ch4_co2e_t"])
        if (year, cat) == (2025, "2.1"):
            total += grid_mwh[2025] * (0.7221 - 0.6592)
        elif (year, cat) == (2025, "1.1"):
            total += float(r["biogenic_co2_t"])
        elif (year, cat) == (2025, "1.4"):
            total += float(r["memo_co2e_t"])
        elif (year, cat) == (2026, "1.3"):
            ch4 = float(r["ch4_t"]) * 25
            total += ch4 - float(r["ch4_co2e_t"])
        elif (year, cat) == (2026, "4.3"):
            total *= 1000
        rows.append({"year": year, "category": cat, "gas": "total", "t_co2e": round(total, 1)})
        if cat == "1.3":
            rows.append({"year": year, "category": cat, "gas": "CH4", "t_co2e": round(ch4, 1)})
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "submitted"
    for table, sheet in ((rows, ws), (list(SUBMITTED_FACTORS), wb.create_sheet("factors"))):
        cols = list(table[0])
        sheet.append(cols)
        for r in table:
            sheet.append([r[c] for c in cols])
    wb.save(path)


def fill(path: Path, lang: str, facility: dict[str, Any], rows: dict[str, list[dict[str, Any]]],
         qc_log: list[dict[str, Any]] | None = None) -> None:
    write_template(path, lang)
    wb = load_workbook(path)
    fac = wb["facility"]
    order = [c.key for c in FACILITY_FIELDS]
    for key, value in facility.items():
        fac.cell(3 + order.index(key), 3, value)
    for sheet in (*SHEETS, CREDITS_SHEET, MEASURES):
        data = rows.get(sheet.key, [])
        ws = wb[sheet.key]
        keys = [c.key for c in sheet.columns]
        for i, rec in enumerate(data, start=4):
            for key, value in rec.items():
                ws.cell(i, keys.index(key) + 1, value)
    ws = wb[QC_SHEET.key]
    keys = [c.key for c in QC_SHEET.columns]
    for i, rec in enumerate(qc_log or [], start=4):
        for key, value in rec.items():
            ws.cell(i, keys.index(key) + 1, value)
    wb.save(path)


def main() -> None:
    for name, spec in EXAMPLES.items():
        out = HERE / f"{name}.xlsx"
        out.parent.mkdir(exist_ok=True)
        fill(out, spec["lang"], spec["facility"], spec["rows"], spec.get("qc_log"))
        print(f"wrote {out.relative_to(HERE.parent)}")
    published = HERE / "hai_phong_garment_report_2022.json"
    published_report(published)
    print(f"wrote {published.relative_to(HERE.parent)}")
    submitted = HERE / "verification" / "dong_thap_pangasius_submitted.xlsx"
    submitted_inventory(submitted)
    print(f"wrote {submitted.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
