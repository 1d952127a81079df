// Package export writes the forms and reports of the regulation
// (建筑公司售后管理制度) as files a person opens, prints and files: an Excel
// workbook (.xlsx) laid out for A4 paper, or CSV for any other tool.
//
// Each form or report is first built as a Document, a title block,
// labelled fields, an optional table and notes (signature lines), from the
// library's records; Write then renders it in a Format. The documents are:
//
//	FeedbackForm      客户反馈登记表      P1.2, P4.1  a request, its deadlines and the customer's acceptance signature
//	VisitRecord       客户回访记录表      P4.2        the follow-up visit and the satisfaction rating
//	InspectionRecord  项目巡查记录表      W2.2        one warranty inspection and its findings
//	ComplaintForm     客户投诉登记表      C2.1        a complaint, its handling at each level and its deadlines
//	ComplaintReport   客户投诉分析报告    C5.1, C5.2  the monthly complaint analysis
//	WarrantySummary   质保期总结报告      W3.2        a project's warranty period in figures
//	TrainingRecord    售后人员培训记录表  S1.3        a training session and its attendance sheet
//	AssessmentRecord  售后人员考核记录表  S2.3        an assessment, indicator by indicator
//
// Times are written in China Standard Time as "2006-01-02 15:04", dates as
// "2006-01-02", deadline states in Chinese (按期, 逾期, 未到期, 已取消) and
// decimals as the library computed them. A deadline's state is judged at
// the instant the caller gives, so that a printed form says as of when.
//
// The package only reads records: it decides nothing and changes nothing.
// The web pages of the reference server call it to offer each form for
// download (FileName, ContentType).
package export
