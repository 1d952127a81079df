// Package web is the reference server's face: the after-sales desk in the
// browser and the customer's own page, server-rendered in Chinese with
// html/template, its stylesheet and the small script of the signature pad
// embedded, with no front-end build step.
//
// # Who sees what
//
// A person signs in with an API token (the same tokens as the JSON API,
// checked by an api.Authenticator), which starts a server-side session
// (Config.Sessions): the HttpOnly, SameSite=Strict cookie holds a random
// session ID, never the token; the session ends at logout, after an idle
// and an absolute timeout, and when its token is revoked or expires. Failed
// logins are slowed down per client address (LoginBurst, LoginEvery). The
// standard library's cross-origin protection (http.CrossOriginProtection)
// refuses every POST a browser says comes from another origin; the login
// and link-confirmation forms, which need no session, also keep a
// double-submit cookie for browsers that send neither Sec-Fetch-Site nor
// Origin. What a
// person sees follows the API's rules: the after-sales desk (售后管理部 and
// the general manager) everything; a project's specialist their projects'
// requests (G4.3); a responsible department the requests and complaints
// forwarded to it (P2.1, C2.1); a customer only their own requests, through
// /c/{token}, a link that sets the cookie and leaves the token out of the
// address from then on (and out of the log, however the path is written).
// Opened where someone else is signed in, the link first asks whether to
// switch, and switches only on a POST with the page's double-submit token.
// A record one may not see is "not found". The cookies are Secure when
// Config.Secure is set (the server's -secure-cookies flag, behind HTTPS),
// and a login's next= page is followed only if it is a plain path on this
// site.
//
// # The desk
//
//	/my                         我的工作: what the person answers for
//	                            (aftersales.Viewer.OwnScope) overdue, due today and
//	                            within a week, and the notices on their desk
//	/queue                      every open deadline the person owes or oversees,
//	                            with the working days left; overdue ones marked
//	/requests/new               the 客户反馈登记表 (P1.2)
//	/requests/{id}              the request, its history, and the form of each
//	                            next step (P1.2–P4.2)
//	/complaints/…               the 客户投诉登记表 and the complaint steps (C1–C4)
//	/reports/complaints         the 客户投诉分析报告 of a month, with charts (C5)
//	/warranties/…               terms, duties and the 项目巡查记录表 (W1, W2);
//	                            the 质保期总结报告 with charts (W3.2)
//	/staff                      training (S1.3) and assessments (S2.3)
//	/dashboard                  overdue by department, on-time rate per clause,
//	                            satisfaction by month, drawn as SVG on the server
//
// A record is named by its readable number (SH-2026-000123) in titles,
// lists and queues; its address answers to the number as to its ID.
//
// # Photos and files
//
// Every request and complaint page lists the record's files (Config.Files)
// — photos as thumbnails (/files/{id}/thumb), each a link to the whole file
// (/files/{id}), a request's split into before and after its handling — and
// offers an upload form (multipart, up to ten files at once; on a phone the
// field opens the camera); so does the customer's page of their request.
// Files are served only to whoever may see the record: raster images
// inline, anything else as a download, both under nosniff and a sandboxing
// Content-Security-Policy. What is wrong with an upload (type, size, the
// record's quota) is shown next to the field and nothing is kept.
//
// # Customer links
//
// The after-sales department gives a record's customer their link from the
// record's page (Config.Links): shown once with a QR code and a copy
// button, texted when Config.SendLink is set; listed with its expiry and
// revoked one by one. An expired link's page says so (410), an unknown one
// is not found.
//
// # Phones
//
// At 375 px every page fits the screen: lists become cards whose cells are
// named by their columns (the script labels them; without it a list
// scrolls inside the page), facts and forms take one column.
//
// Forms post back and redirect (POST-redirect-GET) and work without
// JavaScript. Bad input re-renders the form with the user's input kept and
// the library's Chinese message next to the field it concerns, mapped from
// the error's code (description_required → the description field); no
// input gives a 500. Every form and report is offered as .xlsx and .csv
// through package export, under /…/files/{title}.{xlsx|csv}, and every
// record page prints on A4 with signature lines (@media print).
//
// # The customer's page and the follow-up rating
//
// A customer sees their requests' status and open deadlines, accepts a
// repair by signing on screen (a canvas turned into a PNG data URL in a
// hidden field; the server first checks that the request awaits acceptance
// and the form is current, then that the image is a PNG under 2 MiB of at
// most 2000×1000 pixels, 8 bits a sample, not interlaced and not blank,
// decoding at most two at a time; it stores it as a blob, and records the
// acceptance with the signature method "screen" and the reference
// "blob:<id>", deleting the blob should that fail) or, without JavaScript,
// is told how to sign on paper; or rejects it with a reason (P4.1). The
// image is shown only if the request's own customer stored it.
//
// P4.2 makes the follow-up visit the after-sales department's: the library
// accepts a Visit only from an after-sales actor. A customer who rates the
// repair on their page therefore records the visit through the system on
// the department's behalf: the actor is {ID: "customer-portal", Role:
// system} and VisitedBy is "客户自评（在线）", so that the 客户回访记录表
// says plainly that the customer answered online rather than a person
// calling. The rating form appears once the customer has accepted; if the
// department visits first, the request is closed and the form is gone.
package web
