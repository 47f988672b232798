"""The facility workbook's sheets and columns (the input contract), in both languages.

Sheets follow Circular 38/2023/TT-BCT Appendix II §1 where it defines tables:
1.1 stationary fuels, 1.2 mobile sources, 2.1 refrigerant top-up, 3 coal mining, 4.1 electricity
by source, 4.2 steam; plus process, waste and indirect (categories 3-6) sheets
and an optional sheet of the facility's own factors.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    required: bool = False
    number: bool = False
    help_en: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    vi: str
    en: str
    table: str
    columns: tuple[Column, ...]
    example: dict[str, object] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


C = Column
YEAR = C("year", "Năm", "Year", True, True, "calendar year of the data")
QTY = C("quantity", "Số lượng", "Quantity", True, True)
UNIT = C("unit", "Đơn vị", "Unit", True, help_en="t, kg, L, m3, Nm3, kWh, MWh, GJ …")
DESC = C("description", "Ghi chú", "Description")
#: Where each number comes from (Circular 38/2023/TT-BCT Art. 17; Decree 06/2022 Art. 11(1)), on every source sheet.
RECORD = (
    C("data_document", "Số chứng từ (hóa đơn, sổ đo)", "Document no. (invoice, meter log)"),
    C("data_provider", "Đơn vị cung cấp số liệu", "Data provider"),
    C("data_method", "Đo đạc hay ước tính (cách làm)", "Measured or estimated (how)",
      help_en="measured: meter …; invoice; estimated: how"),
    C("metering", "Cấp đo lường", "Metering tier",
      help_en="tier_1 … tier_4 (± 7.5 / 5 / 2.5 / 1.5 %), default activity-data uncertainty"),
)
UNC = C("ad_uncertainty_pct", "Độ không chắc chắn của số liệu (%)", "Activity-data uncertainty (%)", number=True,
        help_en="95 % half-width of the meter or invoice data, if known")
ACT = C("activity", "Loại nhiên liệu/hoạt động", "Fuel / activity", True,
        help_en="activity id or alias: diesel, DO, FO, LPG, than cám, trấu, củi …")

SHEETS: tuple[Sheet, ...] = (
    Sheet("stationary", "1.1 Đốt nhiên liệu tĩnh", "1.1 Stationary fuels", "Circular 38 App. II table 1.1",
          (ACT, QTY, UNIT, YEAR, C("sector", "Lĩnh vực", "Sector", help_en="manufacturing_construction …"),
           C("ncv", "Nhiệt trị (đo)", "Measured NCV", number=True,
             help_en="net calorific value (NCV, LHV) of the fuel delivered, per ncv_unit"),
           C("ncv_unit", "Đơn vị nhiệt trị", "NCV unit"),
           C("energy_basis", "Cơ sở năng lượng (nhiệt trị thấp/cao)", "Energy basis (net/gross)",
             help_en="quantity in GJ, MMBtu, therm …: net (NCV/LHV, default, the IPCC basis) or gross (GCV/HHV, "
                     "as gas invoices in MMBtu usually state)"),
           C("ch4_fraction", "Tỷ lệ CH4 của khí sinh học", "CH4 fraction of biogas", number=True,
             help_en="biogas by volume (Nm3, Sm3): e.g. 0.6"),
           C("equipment", "Thiết bị", "Equipment"), UNC, *RECORD, DESC),
          {"activity": "FO", "quantity": 1000, "unit": "L", "year": 2025, "equipment": "Lò hơi / boiler"}),
    Sheet("mobile", "1.2 Nguồn di động", "1.2 Mobile sources", "Circular 38 App. II table 1.2",
          (ACT, QTY, UNIT, YEAR, C("vehicle", "Loại phương tiện", "Vehicle type"),
           C("sector", "Lĩnh vực", "Sector", help_en="road_transport, off_road, railways, navigation"),
           C("technology", "Công nghệ", "Technology", help_en="gasoline: uncontrolled, oxidation_catalyst …"),
           C("distance_km", "Quãng đường (km/năm)", "Distance (km/yr)", number=True), UNC, *RECORD, DESC),
          {"activity": "DO", "quantity": 500, "unit": "L", "year": 2025, "vehicle": "Xe tải / truck"},
          {"sector": "road_transport"}),
    Sheet("refrigerants", "2.1 Môi chất lạnh", "2.1 Refrigerants", "Circular 38 App. II table 2.1",
          (C("activity", "Môi chất lạnh", "Refrigerant", True, help_en="R-22, R-32, R-410A, R-404A, R-134a, R-717 …"),
           C("quantity", "Khối lượng nạp bổ sung", "Mass topped up", True, True), UNIT, YEAR,
           C("equipment", "Thiết bị", "Equipment"), C("charge_kg", "Lượng nạp đầy (kg)", "Full charge (kg)",
                                                       number=True),
           C("equipment_type", "Loại thiết bị (khi không có số liệu nạp)", "Equipment type (when top-ups are unknown)",
             help_en="industrial_refrigeration, chillers, residential_commercial_ac, medium_large_commercial …"),
           *RECORD, DESC),
          {"activity": "R-22", "quantity": 10, "unit": "kg", "year": 2025, "equipment": "Kho lạnh / cold store"}),
    Sheet("mining", "3 Khai thác than", "3 Coal mining", "Circular 38 App. II table 3; §2 item 5",
          (C("activity", "Hoạt động", "Activity", True,
             help_en="underground_coal_mining, surface_coal_mining, post_mining_underground, post_mining_surface "
                     "(t of coal); coal_mine_methane_flared, coal_mine_methane_utilised (m3 of CH4)"),
           QTY, UNIT, YEAR,
           C("combustion_efficiency", "Hiệu suất đốt CH4", "CH4 combustion efficiency", number=True,
             help_en="fraction, for methane flared or used (e.g. 0.98)"),
           C("ef_ch4", "Hệ số CH4 riêng (m3/t)", "Own CH4 factor (m3/t)", number=True),
           C("ef_source", "Nguồn hệ số", "Factor source"),
           C("site", "Tên, vị trí, công nghệ khai thác", "Site, location, mining technology"), UNC, *RECORD, DESC),
          {"activity": "underground_coal_mining", "quantity": 100000, "unit": "t", "year": 2025}),
    Sheet("electricity", "4.1 Điện", "4.1 Electricity", "Circular 38 App. II table 4.1",
          (C("activity", "Nguồn điện", "Source", True,
             help_en="grid_electricity, contract_electricity (DPPA), self_generated_renewable_electricity"),
           QTY, UNIT, YEAR, C("ef_market", "Hệ số phát thải hợp đồng", "Contract factor", number=True),
           C("ef_market_unit", "Đơn vị hệ số hợp đồng", "Contract factor unit"),
           C("supplier", "Bên bán", "Supplier"), UNC,
           C("ef_uncertainty_pct", "Độ không chắc chắn của hệ số (%)", "Factor uncertainty (%)", number=True),
           *RECORD, DESC),
          {"activity": "điện lưới", "quantity": 100, "unit": "MWh", "year": 2025}),
    Sheet("steam", "4.2 Hơi nước", "4.2 Steam", "Circular 38 App. II table 4.2",
          (C("activity", "Loại", "Type", True, help_en="purchased_steam, purchased_heat"), QTY, UNIT, YEAR,
           C("enthalpy_kj_per_kg", "Enthalpy (kJ/kg)", "Enthalpy (kJ/kg)", number=True),
           C("boiler_efficiency", "Hiệu suất lò hơi", "Boiler efficiency", number=True),
           C("boiler_fuel", "Nhiên liệu lò hơi", "Boiler fuel"),
           C("ef_co2", "Hệ số CO2 của bên bán", "Supplier CO2 factor", number=True),
           C("ef_unit", "Đơn vị hệ số", "Factor unit"), *RECORD, DESC),
          {"activity": "purchased_steam", "quantity": 100, "unit": "t", "year": 2025, "enthalpy_kj_per_kg": 2776,
           "boiler_efficiency": 0.85, "boiler_fuel": "DO"}),
    Sheet("process", "1.3 Quá trình công nghiệp", "1.3 Industrial processes", "IPCC 2006 Vol. 3; Decision 2626",
          (C("activity", "Sản phẩm/nguyên liệu", "Product / material", True,
             help_en="clinker_production, lime_production, limestone, dolomite, soda_ash, crude_steel, composting …"),
           QTY, UNIT, YEAR, C("technology", "Công nghệ", "Technology", help_en="bof, eaf; high_calcium, dolomitic"),
           C("fraction", "Tỷ lệ (độ tinh khiết)", "Fraction (purity)", number=True),
           C("cao_content", "Hàm lượng CaO của clanhke", "CaO content of clinker", number=True),
           C("ckd_factor", "Hệ số hiệu chỉnh CKD", "CKD correction factor", number=True),
           C("cao_non_carbonate", "CaO từ nguồn không phải cacbonat", "Non-carbonate CaO of clinker", number=True,
             help_en="fraction of the clinker, e.g. CaO from slag or fly ash (Tier 2, with cao_content)"),
           *RECORD, DESC),
          {"activity": "clinker_production", "quantity": 1000, "unit": "t", "year": 2025}),
    Sheet("wastewater", "Nước thải và chất thải", "Wastewater and waste", "IPCC 2006 Vol. 5 Ch. 4-6",
          (C("activity", "Loại nước thải", "Wastewater", True, help_en="industrial_wastewater, domestic_wastewater"),
           C("quantity", "Lưu lượng xử lý", "Volume treated", True, True), UNIT, YEAR,
           C("cod", "COD", "COD", number=True), C("cod_unit", "Đơn vị COD", "COD unit",
                                                                    help_en="mg/L, or write 2000 mg/L in the COD cell"),
           C("bod", "BOD", "BOD", number=True), C("bod_unit", "Đơn vị BOD", "BOD unit"),
           C("treatment", "Hệ thống xử lý", "Treatment system",
             help_en="anaerobic_deep_lagoon, anaerobic_shallow_lagoon, anaerobic_reactor, aerobic_well_managed …"),
           C("ch4_recovered", "CH4 thu hồi", "CH4 recovered", number=True),
           C("ch4_recovered_unit", "Đơn vị CH4 thu hồi", "CH4 recovered unit"),
           C("nitrogen", "Nitơ trong nước thải (mg/L)", "Effluent nitrogen (mg/L)", number=True),
           C("nitrogen_influent", "Nitơ đầu vào trạm xử lý (mg/L)", "Influent nitrogen (mg/L)", number=True,
             help_en="N entering an aerobic plant: plant N2O with guidelines 2019"),
           C("sludge_removed", "Bùn thải lấy ra (khối lượng COD/BOD)", "Sludge removed (mass of COD/BOD)",
             number=True, help_en="organic load removed as sludge, e.g. 12 t; counted where the sludge is treated"),
           C("sludge_removed_unit", "Đơn vị bùn thải", "Sludge unit", help_en="kg or t of COD (BOD)"),
           C("industry", "Ngành (khi không đo COD)", "Industry (when COD is not measured)",
             help_en="fish_processing, meat_poultry, dairy, starch, sugar, beer_malt, vegetable_oils, pulp_paper"),
           C("guidelines", "Phiên bản hướng dẫn IPCC", "IPCC guidelines", help_en="2006 (default) or 2019"),
           *RECORD, DESC),
          {"activity": "industrial_wastewater", "quantity": 10000, "unit": "m3", "year": 2025, "cod": 2000,
           "cod_unit": "mg/L", "treatment": "anaerobic_deep_lagoon"}),
    Sheet("indirect", "Phát thải gián tiếp (hạng mục 3-6)", "Indirect (categories 3-6)", "ISO 14064-1 cat. 3-6",
          (C("activity", "Hoạt động", "Activity", True,
             help_en="business_travel, employee_commuting, upstream_transport, purchased_goods, waste_offsite …"),
           QTY, UNIT, YEAR,
           C("fuel", "Nhiên liệu bên vận chuyển dùng", "Fuel burned by the carrier",
             help_en="fuel-based: quantity is this fuel (L, t); IPCC/Decision 2626 factors, e.g. DO, RON95"),
           C("sector", "Phương thức (khi khai nhiên liệu)", "Mode (with a fuel)",
             help_en="road_transport (default), navigation, railways, domestic_aviation, off_road"),
           C("treatment", "Cách xử lý chất thải", "Waste treatment route",
             help_en="waste_offsite: landfill, composting, anaerobic_digestion, incineration, open_burning"),
           C("waste_type", "Loại chất thải (chôn lấp)", "Waste type (landfill)",
             help_en="food, garden, paper, wood, textiles, plastics, sludge_domestic, industrial_textile …"),
           C("covered", "Bãi chôn lấp có phủ (có/không)", "Landfill covered (yes/no)",
             help_en="yes: managed site covered with soil or compost (oxidation 0.1)"),
           C("technology", "Loại hệ số (bộ hệ số đã nạp)", "Factor technology (loaded set)",
             help_en="landfill site type (managed_anaerobic, unmanaged_deep …), td_losses, or a loaded "
                     "factor's technology, e.g. hgv_all_diesel/all_hgvs/average_laden"),
           C("ef_co2e", "Hệ số (CO2tđ)", "Factor (CO2e)", number=True,
             help_en="your own factor, when no fuel, route or loaded set applies"),
           C("ef_unit", "Đơn vị hệ số", "Factor unit", help_en="kg/km, kg/tkm, t/t"),
           C("ef_source", "Nguồn hệ số", "Factor source", help_en="document, table and year of ef_co2e"),
           C("load", "Tải (t hoặc số người)", "Load (t or passengers)", number=True,
             help_en="with a distance in km and a factor per tkm or pkm"),
           C("load_unit", "Đơn vị tải", "Load unit", help_en="t or passenger"), *RECORD, DESC),
          {"activity": "upstream_transport", "quantity": 1200, "unit": "L", "year": 2025, "fuel": "DO"}),
    Sheet("other", "Nguồn khác", "Other sources", "any activity with the facility's own factors",
          (ACT, QTY, UNIT, YEAR, C("sector", "Lĩnh vực", "Sector"),
           C("ef_co2", "Hệ số CO2", "CO2 factor", number=True), C("ef_ch4", "Hệ số CH4", "CH4 factor", number=True),
           C("ef_n2o", "Hệ số N2O", "N2O factor", number=True), C("ef_unit", "Đơn vị hệ số", "Factor unit"),
           C("ef_source", "Nguồn hệ số", "Factor source"), C("category", "Hạng mục ISO", "ISO category"),
           C("scope", "Phạm vi GHGP", "GHGP scope"), *RECORD, DESC),
          {"activity": "LPG", "quantity": 1, "unit": "t", "year": 2025, "sector": "commercial_institutional"}),
)

#: The reduction plan (Decree 06/2022 Art. 12 as amended): one measure a row, applied in order
#: (:func:`ghgcalc.plan`). Optional; a workbook with it gets the plan in its report.
MEASURES = Sheet(
    "measures", "Biện pháp giảm phát thải", "Reduction measures", "Decree 06/2022 Art. 12 (reduction plan)",
    (C("measure", "Mã biện pháp", "Measure id", True, help_en="short id, unique: pv, vfd, husk …"),
     C("kind", "Loại biện pháp", "Kind", True,
       help_en="electricity_saving, solar_rooftop, dppa, fuel_switch, boiler_efficiency, refrigerant_change, "
               "biogas_capture"),
     C("from_year", "Áp dụng từ năm", "From year", True, True),
     C("description", "Mô tả biện pháp", "Description", help_en="the words shown in the report"),
     C("pct", "Tỷ lệ (%)", "Percent (%)", number=True,
       help_en="electricity_saving, dppa: % of the year's grid electricity; biogas_capture: % of the CH4 captured"),
     C("kwp", "Công suất (kWp)", "Capacity (kWp)", number=True, help_en="solar_rooftop"),
     C("yield_kwh_per_kwp", "Sản lượng điện năm (kWh/kWp)", "Annual yield (kWh/kWp)", number=True,
       help_en="solar_rooftop: the yield you cite in yield_source"),
     C("yield_source", "Nguồn số liệu sản lượng", "Yield source", help_en="PV yield study, inverter log …"),
     C("ef_market", "Hệ số của bên bán điện DPPA (t CO2/MWh)", "DPPA generator factor (t CO2/MWh)", number=True,
       help_en="dppa: 0 for a wind or solar farm"),
     C("from_activity", "Từ nhiên liệu/môi chất", "From fuel/refrigerant",
       help_en="fuel_switch, boiler_efficiency, refrigerant_change; biogas_capture: the wastewater (optional)"),
     C("to_activity", "Sang nhiên liệu/môi chất", "To fuel/refrigerant", help_en="fuel_switch, refrigerant_change"),
     C("share", "Phần áp dụng (0-1)", "Share (0-1)", number=True,
       help_en="share of the fuel or refrigerant; default 1"),
     C("efficiency_ratio", "Tỷ số hiệu suất lò mới/cũ", "Efficiency ratio new/old", number=True,
       help_en="fuel_switch: new boiler efficiency / old, default 1"),
     C("efficiency_before", "Hiệu suất lò trước (%)", "Boiler efficiency before (%)", number=True),
     C("efficiency_after", "Hiệu suất lò sau (%)", "Boiler efficiency after (%)", number=True),
     C("capital_cost", "Vốn đầu tư", "Capital cost", number=True),
     C("lifetime_years", "Tuổi thọ (năm)", "Lifetime (years)", number=True),
     C("annual_cost", "Chi phí ròng hằng năm (âm: tiết kiệm)", "Net annual cost (negative: saving)", number=True),
     C("discount_rate_pct", "Lãi suất chiết khấu (%)", "Discount rate (%)", number=True, help_en="default 0"),
     C("currency", "Đơn vị tiền", "Currency", help_en="one for the plan; default VND")),
    {"measure": "pv", "kind": "solar_rooftop", "from_year": 2026, "kwp": 500, "yield_kwh_per_kwp": 1300,
     "yield_source": "PV yield study"},
)

FACILITY_FIELDS: tuple[Column, ...] = (
    C("name", "Tên cơ sở", "Facility name", True),
    C("tax_code", "Mã số thuế", "Tax code"),
    C("address", "Địa chỉ", "Address"),
    C("province", "Tỉnh/thành phố", "Province"),
    C("legal_representative", "Người đại diện theo pháp luật", "Legal representative"),
    C("business_field", "Ngành nghề sản xuất kinh doanh", "Business field"),
    C("facility_type", "Loại cơ sở", "Facility type",
      help_en="industrial, thermal_power, freight_transport, commercial_building, solid_waste_treatment, other"),
    C("sector", "Lĩnh vực đốt nhiên liệu", "Combustion sector", help_en="manufacturing_construction …"),
    C("sector_group", "Nhóm ngành có hạn ngạch", "Quota sector group", help_en="thermal_power, iron_steel, cement"),
    C("listed", "Có tên trong danh mục", "Named on the list", help_en="yes / no"),
    C("quota_from", "Được phân bổ hạn ngạch từ năm", "Quota from year", number=True),
    C("quota_2025", "Hạn ngạch được phân bổ 2025 (t CO2tđ)", "Quota allocated for 2025 (t CO2e)", number=True),
    C("quota_2026", "Hạn ngạch được phân bổ 2026 (t CO2tđ)", "Quota allocated for 2026 (t CO2e)", number=True),
    C("quota_boundary", "Phạm vi tính hạn ngạch", "Quota boundary",
      help_en="direct (default: category 1, Decree 06 Art. 19(5)(a)) or direct_and_imported_energy (categories 1-2)"),
    C("reporting_years", "Năm kiểm kê", "Inventory year(s)", help_en="e.g. 2024 or 2025,2026"),
    C("gwp", "Bộ GWP", "GWP set", help_en="AR4, AR5, AR6"),
    C("consolidation", "Cách hợp nhất", "Consolidation approach", help_en="operational control …"),
    C("production_output", "Sản lượng", "Production output",
      help_en="one year: 1200000; several years: 2025: 1200000; 2026: 1150000"),
    C("production_unit", "Đơn vị sản lượng", "Output unit"),
    C("waste_capacity_t_per_year", "Công suất xử lý chất thải (t/năm)", "Waste capacity (t/yr)", number=True),
    C("decimal_separator", "Dấu thập phân", "Decimal separator",
      help_en=", (Vietnamese), . (English) or auto (ambiguous numbers are refused)"),
    C("trust_decimal_separator", "Đọc số theo dấu thập phân đã khai (có/không)",
      "Read numbers with that separator without asking (yes/no)",
      help_en="yes: 9,000 is read as 9 under ',' (each such read is listed as a warning); default no: refused"),
    C("boundary_notes", "Ranh giới và phạm vi", "Boundary and scope"),
    C("indirect_exclusions", "Hạng mục gián tiếp không định lượng và lý do",
      "Indirect categories not quantified, and why",
      help_en="e.g. 3.3: not significant (< 1 %); 4.1: no supplier data"),
    C("technology_notes", "Cơ sở hạ tầng, công nghệ", "Infrastructure and technology"),
    C("sources_notes", "Nguồn phát thải và bể hấp thụ", "Sources and sinks"),
    C("data_system_notes", "Hệ thống số liệu và hạn chế", "Data system and limitations"),
    # Form 06 III.4: reliability, completeness and uncertainty of the emission information and data, and of the
    # inventory results (three qualities of two objects; Decree 06/2022 Appendix II Form 06, section III.4)
    C("reliability_data_notes", "Độ tin cậy của thông tin, số liệu về phát thải",
      "Reliability of the emission information and data",
      help_en="e.g. invoices and calibrated meters; data checked against the QC log"),
    C("completeness_data_notes", "Tính đầy đủ của thông tin, số liệu về phát thải",
      "Completeness of the emission information and data", help_en="e.g. 12 months of every source"),
    C("uncertainty_data_notes", "Độ không chắc chắn của thông tin, số liệu về phát thải",
      "Uncertainty of the emission information and data", help_en="e.g. meters of ± 2.5 % (tier_3)"),
    C("reliability_results_notes", "Độ tin cậy của kết quả kiểm kê", "Reliability of the inventory results",
      help_en="e.g. national factors of Decision 2626 first, IPCC defaults otherwise"),
    C("completeness_results_notes", "Tính đầy đủ của kết quả kiểm kê", "Completeness of the inventory results",
      help_en="e.g. every category 1 and 2 source quantified; exclusions with their reasons"),
    C("uncertainty_results_notes", "Độ không chắc chắn của kết quả kiểm kê", "Uncertainty of the inventory results",
      help_en="e.g. ± 6 % on the total (IPCC Approach 1)"),
    C("base_year", "Năm cơ sở", "Base year", number=True,
      help_en="year whose inventory later years are compared with (ISO 14064-1:2018 6.4)"),
    C("recalculation_threshold_pct", "Ngưỡng tính toán lại (%)", "Recalculation threshold (%)", number=True,
      help_en="change of a year's total that makes a recalculation necessary; default 5"),
    C("organisation", "Doanh nghiệp/tổ chức sở hữu", "Organisation (company)",
      help_en="the company this site belongs to, for --consolidate"),
    C("ownership_pct", "Tỷ lệ sở hữu của doanh nghiệp (%)", "Organisation's equity share (%)", number=True,
      help_en="share of this site's equity the organisation holds, e.g. 40"),
    C("operational_control", "Doanh nghiệp kiểm soát vận hành (có/không)", "Operational control (yes/no)"),
    C("financial_control", "Doanh nghiệp kiểm soát tài chính (có/không/chung)", "Financial control (yes/no/joint)"),
)

#: The quality-control log (Circular 38/2023/TT-BCT Art. 20): one row per check done, by whom, when, with what result.
QC_SHEET = Sheet(
    "qc_log", "Kiểm soát chất lượng", "Quality control log", "Circular 38/2023/TT-BCT Art. 20",
    (C("check", "Nội dung kiểm tra", "Check", True, help_en="e.g. entered data against the invoices"),
     C("checked_by", "Người kiểm tra", "Checked by", True),
     C("date", "Ngày kiểm tra", "Date", True, help_en="a date cell, or 15/01/2026, or 2026-01-15"),
     C("result", "Kết quả", "Result", True, help_en="pass (đạt) or errors_found (có sai sót)"),
     C("errors_found", "Sai sót phát hiện", "Errors found", help_en="needed when the result is errors_found"),
     C("action_taken", "Cách xử lý", "Action taken", help_en="needed when the result is errors_found")),
    {"check": "Đối chiếu số liệu với hóa đơn / data against invoices", "checked_by": "Nguyễn Văn B",
     "date": "15/01/2026", "result": "pass"})

EXAMPLE_MARK = ("VÍ DỤ", "EXAMPLE")

#: Carbon credits retired for the carbon-neutrality balance (ISO 14068-1:2023: the credits used to counterbalance
#: residual emissions, each identified by its registry and serial numbers). Optional sheet.
CREDITS_SHEET = Sheet(
    "credits", "Tín chỉ các-bon đã hủy", "Carbon credits retired", "ISO 14068-1:2023 (counterbalancing)",
    (C("registry", "Hệ thống đăng ký", "Registry", True, help_en="Verra, Gold Standard, JCM, national registry …"),
     C("serial", "Số sê-ri", "Serial numbers", True, help_en="the serial number or range of the block retired"),
     C("vintage", "Năm giảm phát thải", "Vintage", True, True, help_en="year the reduction took place"),
     C("type", "Loại tín chỉ", "Credit type", True, help_en="VCU, GS VER, JCM, CER, domestic credit …"),
     C("quantity_t", "Số lượng (t CO2tđ)", "Quantity (t CO2e)", True, True),
     C("retired_for_year", "Năm kiểm kê được bù trừ", "Inventory year counterbalanced", True, True),
     C("retirement_date", "Ngày hủy", "Retirement date"),
     C("project", "Dự án", "Project"), DESC),
    {"registry": "Verra", "serial": "1234-56789-VCU-001-APX-VN-1-123-01012020-31122020-0", "vintage": 2020,
     "type": "VCU", "quantity_t": 100, "retired_for_year": 2025})
