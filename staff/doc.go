// Package staff keeps the after-sales organisation and its people: who may
// act (总则 G4), their training (S1), their assessment (S2) and their
// rewards (S3).
//
// # Organisation (G4.1–G4.3)
//
// Organisation holds the after-sales group (led by the general manager,
// with the department heads as members, G4.1), the after-sales department
// and its head (G4.2), and each project's after-sales specialist, appointed
// by that project's manager and filed with the after-sales department
// (G4.3). Organisation.Actor says what a person acts as in the lifecycles,
// Directory gives the projects and their filed specialists to aftersales,
// Lookup gives it the departments and the active people
// (aftersales.Organisation, for routing by department kind, P2.1), and
// SpecialistProjects what a specialist may see. A person may carry an
// e-mail address and a phone number (Person.Email, Person.Phone), checked
// when put, where notifications reach them.
//
// Only the general manager appoints or changes the leaders (G4.1). The
// after-sales department has one head (G4.2: 售后管理部设部长一名): a second
// active head is refused with the code head_exists, and Service.ChangeHead
// moves the role in one recorded change. Every department has a kind
// (after_sales, project, procurement, design, other); a department may be
// closed (撤销) and reopened through PutDepartment, except the after-sales
// department and a 项目部 that a project still names. A closed department
// takes no project and is no longer among the open departments of its
// kind, and its head leaves the after-sales group.
//
// # Training (S1)
//
// Sessions on the topics of S1.2 (service process, customer communication,
// handling quality problems) or a company topic, with trainer, hours and
// attendance, are the 售后人员培训记录表 (S1.3). OverdueTraining finds the
// people past the company's cadence; TrainingHours sums hours per person per
// year.
//
// # Assessment (S2)
//
// A Scheme weighs indicators measured from case data (on-time rate,
// first-time acceptance, follow-up satisfaction, complaints attributed,
// rework, training hours) and a manager-rated service quality, with decimal
// weights that must sum to 1, and maps the total to grade bands (default
// 优秀 / 良好 / 合格 / 不合格) with a pay coefficient and promotion
// eligibility (S2.2). Scores are rounded half away from zero to 2 places;
// shopspring/decimal's package settings are never touched. The case figures
// come in through the CaseData interface, which aftersales and complaint
// data satisfy (CaseIndicators); staff imports no store. An Assessment is
// the 售后人员考核记录表 (S2.3), explained indicator by indicator.
//
// # Rewards (S3)
//
// The source breaks off at S3.1 ("公司应设立售后人员奖励制度，……"). This package
// supplies a configurable RewardScheme of its own design (see rewards.go):
// rewards for customer commendations, a period without a missed deadline
// and top satisfaction; penalties for repeated misses and upheld
// complaints. A company replaces it by implementing RewardScheme.
package staff
