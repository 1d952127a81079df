// Package intake takes customers' messages in and registers them, so
// that nobody types in a request that reached the company in writing
// (P1.1: 客户可通过电话、邮件、微信或现场等方式提出售后需求; C1 for
// complaints).
//
// # E-mail
//
// Mailbox reads an IMAP mailbox (SHOUHOU_IMAP_URL; MailboxFromEnv) every
// minute, over TLS only (imaps, or STARTTLS which it insists on). Each
// message it has not dealt with becomes a request on the e-mail channel
// (P1.1) or, when sent or copied to SHOUHOU_COMPLAINT_ADDRESS, a complaint
// (C1): the subject and the text (the plain part, else the HTML's text;
// Chinese charsets such as GBK decoded) as the description, the attached
// files kept whole with the record (Mailbox.Files: sqlstore.Files, up to
// 10 MiB each, erased with the customer) and named in it, the sender as
// the customer whose newest record gives that address (Mailbox.Customers)
// or else customer "mail:" and the address, so that their mail is one
// customer's, received when the message reached the mailbox (its
// INTERNALDATE: P1.2's and C2.1's clocks).
//
// The mailbox stays the original: a message registered is marked \Seen and
// FlagRegistered; one that cannot be registered (no sender, no text, too
// large, refused by the rules) is marked \Flagged and FlagRefused and the
// reason logged, for a person to look at. A record's ID comes from the
// message's Message-ID (AS-mail-…, TS-mail-…), so that a pass cut short
// between registering and marking, or two instances reading one mailbox,
// register nothing twice. A mailbox or store that cannot be reached leaves
// the message for the next pass.
//
// # WeChat (公众号)
//
// WeChat is the message callback of the company's 公众号 (/wechat/callback,
// configured by SHOUHOU_WECHAT_TOKEN, SHOUHOU_WECHAT_AES_KEY and
// SHOUHOU_WECHAT_APPID; WeChatFromEnv). It works in the platform's safe
// mode only: the signature of the query (WeChatSignature over the token,
// timestamp and nonce) and msg_signature (over those and the encrypted
// message) must match, the timestamp must be within WeChatWindow, and the
// message must open with the EncodingAESKey (AES-256-CBC, PKCS#7 to 32
// bytes) and name the AppID. Anything else is refused with 403 and
// registers nothing.
//
// A text or image message registers a request on the WeChat channel
// (P1.1), received when the customer sent it (P1.2's clock), the picture's
// address as its attachment, the customer known by their OpenID; the
// passive reply, sealed the same way, tells the customer the request's
// number. The number comes from the message's MsgId (AS-wx-…), so the
// platform's repeats of a message it got no answer to register nothing
// more. What the customer sends within WeChatFollowUp of their open
// request (the photos after the description) is added to it as a message
// (aftersales.EventMessage), once each, and the reply says so. Events (a follow) and other kinds of message are answered
// "success" and register nothing.
package intake
