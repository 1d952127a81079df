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
// # Not yet
//
// The notices live in the scheduler's claims, not in an outbox: a notice
// is delivered at least once, each channel once per process, but a
// restart may repeat a channel that was reached while another failed. No
// desk action sends a customer SMS yet.
package notify
