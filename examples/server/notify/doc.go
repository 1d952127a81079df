// Package notify tells people about the scheduler's notices, by the
// channels a Chinese after-sales team lives in, and texts customers.
//
// # Channels
//
//	Robot        a group robot: 企业微信 (NewWeComRobot) or 钉钉 (NewDingTalkRobot, signed
//	             with DingTalkSign); markdown messages, the documented 20 messages a
//	             minute respected by batching the excess into a digest
//	Mailer       e-mail through SMTP (STARTTLS or TLS) with github.com/wneessen/go-mail:
//	             Chinese subject, plain text and an HTML alternative, one message per person
//	SMSProvider  customer SMS by template: AliyunSMS (its RPC API, AliyunSignature) or
//	             SMSGateway (a company's HTTP gateway); Texter picks the template
//	             configured for a purpose (receipt, feedback, visit)
//
// FromEnv reads them from the environment (Vars lists the variables) and
// refuses a bad setting with a *ConfigError naming the variable.
//
// # Who hears what
//
// Router.Recipients reads the organisation: a notice goes to the people of
// the department that owes it, the project's specialist, the after-sales
// head for escalations and pauses past their limit, the next level of a
// complaint's chain (C4.2); Router sends it to each of them that has an
// e-mail address (staff.Person.Email), to the company's robots, and to the
// robots of the departments concerned.
//
// # Quiet hours
//
// Quiet holds back a notice that falls on a rest day of the official
// calendar or outside working hours (default 08:00–20:00 CST) until the
// next working morning, by answering with a scheduler.DeferredError: the
// scheduler tries it again then, and marks it sent only when it is. Urgent
// notices (P1.3, C2.2) go at once.
//
// # Customers
//
// CustomerTexts follows the change feed and texts a customer: the receipt
// with their record's number and link when a request or complaint is
// registered, the feedback the desk records (P1.3, P3.2, C2.2, C4.1), and
// the rating link when a request's handling is complete (P4.2). Each text
// goes through the delivery log first and is sent once; a provider that
// fails is retried for an hour (CustomerTexts.GiveUp) while the feed
// waits, then the text is marked failed in the log.
//
// # Delivery
//
// With a DeliveryLog (the reference server's is the SQL store's), every
// notice is written before its channel is tried and updated with the
// outcome: what a notice reached survives a restart and is shared by the
// instances on one database. A channel that took a notice whose outcome
// was not yet written when the server stopped is tried once more.
package notify
