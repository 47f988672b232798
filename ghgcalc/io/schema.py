"""The facility workbook's sheets and columns (the input contract), in both languages.

Sheets follow Circular 38/2023/TT-BCT Appendix II §1 where it defines tables:
1.1 stationary fuels, 1.2 mobile sources, 2.1 refrigerant top-up, 4.1 electricity
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
ACT = C("activity", "Loại nhiên liệu/hoạt động", "Fuel / activity", True,
        help_en="activity id or alias: diesel, DO, FO, LPG, than cám, trấu, củi …")

SHEETS: tuple[Sheet, ...] = (
    Sheet("stationary", "1.1 Đốt nhiên liệu tĩnh", "1.1 Stationary fuels", "Circular 38 App. II table 1.1",
          (ACT, QTY, UNIT, YEAR, C("sector", "Lĩnh vực", "Sector", help_en="manufacturing_construction …"),
           C("ncv", "Nhiệt trị (đo)", "Measured NCV", number=True), C("ncv_unit", "Đơn vị nhiệt trị", "NCV unit"),
           C("equipment", "Thiết bị", "Equipment"), DESC),
          {"activity": "FO", "quantity": 1000, "unit": "L", "year": 2025, "equipment": "Lò hơi / boiler"}),
    Sheet("mobile", "1.2 Nguồn di động", "1.2 Mobile sources", "Circular 38 App. II table 1.2",
          (ACT, QTY, UNIT, YEAR, C("vehicle", "Loại phương tiện", "Vehicle type"),
           C("sector", "Lĩnh vực", "Sector", help_en="road_transport, off_road, railways, navigation"),
           C("technology", "Công nghệ", "Technology", help_en="gasoline: uncontrolled, oxidation_catalyst …"),
           C("distance_km", "Quãng đường (km/năm)", "Distance (km/yr)", number=True), DESC),
          {"activity": "DO", "quantity": 500, "unit": "L", "year": 2025, "vehicle": "Xe tải / truck"},
          {"sector": "road_transport"}),
    Sheet("refrigerants", "2.1 Môi chất lạnh", "2.1 Refrigerants", "Circular 38 App. II table 2.1",
          (C("activity", "Môi chất lạnh", "Refrigerant", True, help_en="R-22, R-32, R-410A, R-404A, R-134a, R-717 …"),
           C("quantity", "Khối lượng nạp bổ sung", "Mass topped up", True, True), UNIT, YEAR,
           C("equipment", "Thiết bị", "Equipment"), C("charge_kg", "Lượng nạp đầy (kg)", "Full charge (kg)",
                                                       number=True), DESC),
          {"activity": "R-22", "quantity": 10, "unit": "kg", "year": 2025, "equipment": "Kho lạnh / cold store"}),
    Sheet("electricity", "4.1 Điện", "4.1 Electricity", "Circular 38 App. II table 4.1",
          (C("activity", "Nguồn điện", "Source", True,
             help_en="grid_electricity, contract_electricity (DPPA), self_generated_renewable_electricity"),
           QTY, UNIT, YEAR, C("ef_market", "Hệ số phát thải hợp đồng", "Contract factor", number=True),
           C("ef_market_unit", "Đơn vị hệ số hợp đồng", "Contract factor unit"),
           C("supplier", "Bên bán", "Supplier"), DESC),
          {"activity": "điện lưới", "quantity": 100, "unit": "MWh", "year": 2025}),
    Sheet("steam", "4.2 Hơi nước", "4.2 Steam", "Circular 38 App. II table 4.2",
          (C("activity", "Loại", "Type", True, help_en="purchased_steam, purchased_heat"), QTY, UNIT, YEAR,
           C("enthalpy_kj_per_kg", "Enthalpy (kJ/kg)", "Enthalpy (kJ/kg)", number=True),
           C("boiler_efficiency", "Hiệu suất lò hơi", "Boiler efficiency", number=True),
           C("boiler_fuel", "Nhiên liệu lò hơi", "Boiler fuel"),
           C("ef_co2", "Hệ số CO2 của bên bán", "Supplier CO2 factor", number=True),
           C("ef_unit", "Đơn vị hệ số", "Factor unit"), DESC),
          {"activity": "purchased_steam", "quantity": 100, "unit": "t", "year": 2025, "enthalpy_kj_per_kg": 2776,
           "boiler_efficiency": 0.85, "boiler_fuel": "DO"}),
    Sheet("other", "Nguồn khác", "Other sources", "process, waste and indirect categories",
          (ACT, QTY, UNIT, YEAR, C("sector", "Lĩnh vực", "Sector"),
           C("ef_co2", "Hệ số CO2", "CO2 factor", number=True), C("ef_ch4", "Hệ số CH4", "CH4 factor", number=True),
           C("ef_n2o", "Hệ số N2O", "N2O factor", number=True), C("ef_unit", "Đơn vị hệ số", "Factor unit"),
           C("ef_source", "Nguồn hệ số", "Factor source"), C("category", "Hạng mục ISO", "ISO category"),
           C("scope", "Phạm vi GHGP", "GHGP scope"), DESC),
          {"activity": "LPG", "quantity": 1, "unit": "t", "year": 2025, "sector": "commercial_institutional"}),
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
    C("reporting_years", "Năm kiểm kê", "Inventory year(s)", help_en="e.g. 2024 or 2025,2026"),
    C("gwp", "Bộ GWP", "GWP set", help_en="AR4, AR5, AR6"),
    C("consolidation", "Cách hợp nhất", "Consolidation approach", help_en="operational control …"),
    C("production_output", "Sản lượng", "Production output", number=True),
    C("production_unit", "Đơn vị sản lượng", "Output unit"),
    C("waste_capacity_t_per_year", "Công suất xử lý chất thải (t/năm)", "Waste capacity (t/yr)", number=True),
    C("decimal_separator", "Dấu thập phân", "Decimal separator", help_en=", (Vietnamese) or . (English)"),
    C("boundary_notes", "Ranh giới và phạm vi", "Boundary and scope"),
    C("technology_notes", "Cơ sở hạ tầng, công nghệ", "Infrastructure and technology"),
    C("sources_notes", "Nguồn phát thải và bể hấp thụ", "Sources and sinks"),
    C("data_system_notes", "Hệ thống số liệu và hạn chế", "Data system and limitations"),
)

EXAMPLE_MARK = ("VÍ DỤ", "EXAMPLE")
