// Package warranty keeps the warranty of each project (质保期管理, W1–W3):
// its terms per component class, the free-or-paid decision on each repair,
// the notice before the warranty starts, the inspections during it, and the
// summary report after it.
//
// # Terms (W1.1, and the law under it)
//
// The regulation says "generally 2 years from completion acceptance". The
// law sets floors per component class (建设工程质量管理条例 第四十条;
// 房屋建筑工程质量保修办法（建设部令第80号）第七条; 民用建筑节能条例 第二十三条):
// foundations and main structure for the design service life; roof
// waterproofing and the leak-proofing of wet rooms and exterior walls 5
// years; insulation 5 years; heating and cooling 2 heating or cooling
// seasons (from a per-region SeasonTable); electrical, plumbing, equipment
// installation and decoration 2 years; anything else as agreed. Each class's
// effective Term is the longest of the company's period, the contract's and
// the floor; a contract term below its floor is refused with an error that
// names the law and the floor. A warranty starts at completion acceptance,
// at the completion report when the owner delays acceptance, or at handover
// when the building is used unaccepted (最高法 施工合同解释(一) 第九条); Start
// records which, with evidence. Expiry follows the Civil Code (民法典 第二百零二、
// 二百零三条) through package calendar.
//
// # Coverage (W1.2, W3.1)
//
// Warranty.Decide, and Service.DecideCoverage which implements
// aftersales.CoverageDecider, say whether a repair is free (inside the
// class's term), paid (after it) or excluded (misuse, third parties, force
// majeure: 80号令 第十七条), with the reason and the clause or article.
// Inside the general period of W1.1 a quality problem is free even when no
// component class is given (W1.2): no class's term is shorter than that
// period. Only after it does the class decide, and a decision without one
// is undecided until the class is known. A decision is also undecided
// while the cause is unknown (the exclusions may apply) or the warranty
// has not started.
//
// # Around the period (W2.1, W2.2, W2.3, W3.2)
//
// RecordNotice records the notice due one month before the start (W2.1);
// RecordInspection the 项目巡查记录表 (W2.2), each finding becoming an
// after-sales request (W2.3); Summarize builds the 质保期总结报告 due within
// one month after expiry, and DeliverSummary records its delivery to the
// general manager (W3.2). Duties lists each of these with its due instant
// and whether it was met or missed.
//
// # Storage
//
// Store, with MemStore in memory and the conformance suite in
// warranty/storetest, follows the rules of aftersales.Store.
package warranty
