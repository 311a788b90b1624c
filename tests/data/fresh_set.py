# ruff: noqa: E501
"""A second labelled set, written on 2026-11-30 to measure the matcher on text it has
never seen.

How it was written: by a helper who read no code, no test, no knowledge file and none of
the other labelled sets; only each entry's code, product message, one-line summary and
category, Microsoft's article on the NPS extension's error codes, and public threads where
admins quote what the extension logged. Every sentence is its own; names are contoso and
fabrikam examples and identifiers are made up. The text after "Msg::" for codes without a
product message is invented (the entries give none).

Kinds: "description" (a problem told in words in Slack), "paste" (what the extension logs:
Event Viewer entries, "Access Rejected" lines, wevtutil and Get-WinEvent output, several
errors in one paste, fenced or quoted), "negative" (must stay silent in a channel: chat,
other products' RADIUS and MFA errors, NPS 6273/6274, RRAS, Windows 4625, AWS and Azure
JSON, questions that report no error, errors said to be fixed). Labels as in eval_set.py.

Splits as in eval_set.py: 2 of every 5 cases of a kind go to "holdout". One calibrate
miss led to two matcher fixes the day it was written (a long quoted part of a message; a
cut-short code must reach into its second word); holdout misses were never looked at.
"""

from __future__ import annotations

from tests.data.eval_set import CALIBRATE, HOLDOUT, Case

_RAW: list[tuple[str, str, str | None]] = [
    # (kind, text, expect)

    # ------------------------------------------------------------------ descriptions
    ("description", "nps ext cert expired", "CLIENT_CERT_INSTALL_ERROR"),
    ("description", "<@U04KX9TQ2> our NPS box quit doing MFA at 7am. checked certlm.msc and the self-signed cert that the AzureMfaNpsExtnConfigSetup script created is past its NotAfter date. extension logs CLIENT_CERT_INSTALL_ERROR. do I just rerun the script and restart IAS?", "CLIENT_CERT_INSTALL_ERROR"),
    ("description", "restored NPS02 from a veeam backup and now the azure mfa extension says the client cert is missing or unreadable. pretty sure the private key didn't survive the restore 🙃", "CLIENT_CERT_INSTALL_ERROR"),
    ("description", "So we rebuilt the NPS server and imported the old extension cert, but its thumbprint isn't on the Azure Multi-Factor Auth Client service principal in our tenant anymore. The extension complains the client certificate isn't associated with the tenant. Is re-running the setup script the only fix?", "CLIENT_CERT_INSTALL_ERROR"),
    ("description", "client cert install error on the mfa nps extension after someone 'tidied up' the local machine personal store 🤦", "CLIENT_CERT_INSTALL_ERROR"),

    ("description", "getting ESTS_TOKEN_ERROR on the nps extension since tuesday, anyone seen that?", "ESTS_TOKEN_ERROR"),
    ("description", "Always On VPN users just hang and time out. On the NPS the Azure MFA extension can't get an access token from Entra ID, it says error authenticating to eSTS / error retrieving token details. cert in the store looks fine to me", "ESTS_TOKEN_ERROR"),
    ("description", "the MFA ext keeps dying at the token step (the one that uses STS_URL -> login.microsoftonline.com). log literally says ESTS token error. is that the cert or the SPN?", "ESTS_TOKEN_ERROR"),
    ("description", "hey team, quick q — `ESTS_TOKEN_ERROR` on both NPS nodes right after we renewed the extension certs. did we forget something?", "ESTS_TOKEN_ERROR"),

    ("description", "firewall guys only allowed outbound 443 to adnotifications.windowsazure.com and I think the return traffic gets dropped. extension logs HTTPS_COMMUNICATION_ERROR on every request", "HTTPS_COMMUNICATION_ERROR"),
    ("description", "nps mfa extension reaches the service but never gets a usable answer back — our palo does SSL decryption on that segment. error is the https communication one", "HTTPS_COMMUNICATION_ERROR"),
    ("description", "`HTTPS_COMMUNICATION_ERROR` on nps01+nps02 since the network refresh last night, ideas? <@U01RT55KQ>", "HTTPS_COMMUNICATION_ERROR"),

    ("description", "NPS server can't reach login.microsoftonline.com or adnotifications.windowsazure.com at all, Test-NetConnection -Port 443 fails to both. The extension logs HTTP_CONNECT_ERROR", "HTTP_CONNECT_ERROR"),
    ("description", "new NPS vm sits in a subnet with no internet egress, so the azure mfa ext throws http connect error for every single vpn login lol", "HTTP_CONNECT_ERROR"),
    ("description", "ext cant connect to the entra endpoints — nslookup adnotifications.windowsazure.com from the NPS host returns nothing 😩 HTTP_CONNECT_ERROR everywhere", "HTTP_CONNECT_ERROR"),
    ("description", "we moved the NPS behind a new proxy and winhttp isn't configured, now the extension can't even open a connection to Azure MFA (http_connect_error)", "HTTP_CONNECT_ERROR"),

    ("description", "installed the NPS extension MSI but skipped the powershell config script, now it moans a registry key is missing under HKLM\\SOFTWARE\\Microsoft\\AzureMfa", "REGISTRY_CONFIG_ERROR"),
    ("description", "REGISTRY_CONFIG_ERROR, says the TENANT_ID value doesn't exist", "REGISTRY_CONFIG_ERROR"),
    ("description", "someone pushed a GPO that wiped values from the AzureMfa reg key and now the extension says a required setting is missing from the registry. which values does it need?", "REGISTRY_CONFIG_ERROR"),

    ("description", "I put the MFA extension directly on the RD Gateway server (the NPS that the RDG role installs) and it errors that the RADIUS request has no userName attribute", "REQUEST_FORMAT_ERROR"),
    ("description", "ext says 'Radius Request missing mandatory Radius userName\\Identifier attribute' — our NAS definitely sends User-Name though?", "REQUEST_FORMAT_ERROR"),
    ("description", "REQUEST_FORMAT_ERROR on the RRAS box's built in NPS, what does that even mean", "REQUEST_FORMAT_ERROR"),

    ("description", "users whose default method is the SMS code fail on our MSCHAPv2 VPN with REQUEST_MISSING_CODE, phone-call users get in fine", "REQUEST_MISSING_CODE"),
    ("description", "`REQUEST_MISSING_CODE` in the AuthZ log since we flipped the ASA's radius to CHAP. is the protocol the issue?", "REQUEST_MISSING_CODE"),
    ("description", "is REQUEST_MISSING_CODE just because EAP can't carry the OTP? the fortigate sends PEAP and the user has authenticator code as default", "REQUEST_MISSING_CODE"),

    ("description", "extension can't resolve the user in on-prem AD. I bet the NPS server was never added to RAS and IAS Servers. USERNAME_CANONICALIZATION_ERROR", "USERNAME_CANONICALIZATION_ERROR"),
    ("description", "users from the fabrikam.local forest (two-way trust) get a username canonicalization error from the NPS ext, contoso.local users are fine", "USERNAME_CANONICALIZATION_ERROR"),
    ("description", "USERNAME_CANONICALIZATION_ERROR for a brand new user created 10 min ago on a different DC... replication lag?", "USERNAME_CANONICALIZATION_ERROR"),

    ("description", "turned on LDAP_ALTERNATE_LOGINID_ATTRIBUTE=mail yesterday and now one user fails with 'userObjectSid lookup failed'", "ALTERNATE_LOGIN_ID_ERROR|userObjectSid lookup failed"),
    ("description", "alt login id is enabled on the nps ext and it cannot find the account in AD at all for the guys in the resource forest: ALTERNATE_LOGIN_ID_ERROR userObjectSid lookup failed", "ALTERNATE_LOGIN_ID_ERROR|userObjectSid lookup failed"),
    ("description", "set LDAP_ALTERNATE_LOGINID_ATTRIBUTE to `userprincipalname2` (typo, yes) and everybody fails with Alternate LoginId lookup failed", "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed"),
    ("description", "our LDAP_LOOKUP_FORESTS is 'contoso.com fabrikam.com' (space separated) and LDAP_FORCE_GLOBAL_CATALOG=TRUE, now ALTERNATE_LOGIN_ID_ERROR 'Alternate LoginId lookup failed' for all users", "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed"),
    ("description", "alt login id is mapped to mail and the contractor accounts have an empty mail attribute -> ext says Alternate LoginId value is empty", "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId value is empty"),
    ("description", "ALTERNATE_LOGIN_ID_ERROR 'value is empty' for svc-vpn-kiosk, it's a service acct that never got the attribute filled in", "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId value is empty"),

    ("description", "fabrikam.com people (they're in their own tenant) go through our contoso NPS ext and get 'Caller tenant does not have access permissions to do authentication for the user'", "AccessDenied"),
    ("description", "after the merger a few users still have @fabrikam.com UPNs homed in the old tenant; the nps extension registered to contoso rejects them with AccessDenied from azure mfa", "AccessDenied"),
    ("description", "caller tenant doesn't have access perms to do auth for the user?? what does that mean, the user is definitely real", "AccessDenied"),

    ("description", "user's default was phone call but she removed her number last week, now the NPS extension says the specified authentication method was not configured for the user", "AuthenticationMethodNotConfigured"),
    ("description", "AuthenticationMethodNotConfigured for bob on RDG — does he just need to re-register at mysignins?", "AuthenticationMethodNotConfigured"),
    ("description", "the method the NPS flow tries to use isn't registered on this user's account, log: 'authentication method was not configured for the user'. how do I see what he has?", "AuthenticationMethodNotConfigured"),

    ("description", "one user only ever gets AuthenticationMethodNotSupported back from the MFA service via NPS, everyone else fine. what should I collect for the MS case?", "AuthenticationMethodNotSupported"),
    ("description", "nps ext: MFA service says 'Specified authentication method is not supported.' for a user — never seen this before", "AuthenticationMethodNotSupported"),

    ("description", "user exists in on-prem AD but his OU is filtered out of Entra Connect sync, so the NPS extension comes back with BecAccessDenied", "BecAccessDenied"),
    ("description", "'MSODS Bec call returned access denied' for today's new hire. sync probably hasn't run yet right?", "BecAccessDenied"),
    ("description", "Bec access denied, 'probably the username is not defined in the tenant'... but I can see him in Entra?! maybe the UPN suffix differs on-prem", "BecAccessDenied"),

    ("description", "user's auth phone in Entra is stored as '0044 7700 900123 ext 5' and the nps ext says the phone number is in an unrecognizable format", "InvalidFormat"),
    ("description", "InvalidFormat from azure mfa via NPS for a guy whose authentication phone literally says 'n/a' 🙄", "InvalidFormat"),

    ("description", "users take forever to approve the push (like 4+ min, they're fishing for their phone) and the log says the session is invalid or may have expired", "InvalidSession"),
    ("description", "InvalidSession errors from the nps ext but the users swear they approved within seconds. latency between NAS, NPS and azure maybe?", "InvalidSession"),
    ("description", "mfa ext: 'The specified session is invalid or may have expired' when the user picks up the phone call late", "InvalidSession"),

    ("description", "user registered the authenticator app but never picked a default sign-in method, NPS ext rejects with no default authentication method configured", "NoDefaultAuthenticationMethodIsConfigured"),
    ("description", "NoDefaultAuthenticationMethodIsConfigured for 3 new starters this morning", "NoDefaultAuthenticationMethodIsConfigured"),

    ("description", "weird one: nps ext says OathCodePinIncorrect 'Wrong code and pin entered.' for a user. we don't use PINs at all", "OathCodePinIncorrect"),
    ("description", "got OathCodePinIncorrect from the MFA extension, the docs say that isn't expected?", "OathCodePinIncorrect"),

    ("description", "ProofDataNotFound — the user's method is registered but apparently without the details behind it", "ProofDataNotFound"),
    ("description", "MFA ext: 'Proof data was not configured for the specified authentication method' for one guy. his phone method shows in the portal but with no number", "ProofDataNotFound"),

    ("description", "SMSAuthFailedWrongCodePinEntered from the nps ext for a text-message user. code AND pin?? we never set pins", "SMSAuthFailedWrongCodePinEntered"),
    ("description", "anyone ever seen 'Wrong code and pin entered. (OneWaySMS)' come back through RADIUS MFA?", "SMSAuthFailedWrongCodePinEntered"),

    ("description", "every single user fails, extension says Tenant is blocked 😱😱", "TenantIsBlocked"),
    ("description", "TenantIsBlocked from Azure MFA via NPS — I open a ticket with MS and give them the directory id, right?", "TenantIsBlocked"),

    ("description", "our subscription lapsed for a couple days and since then all NPS ext requests come back 'The specified user was not found', even for users that obviously exist", "UserNotFound|The specified user was not found"),
    ("description", "ext returns UserNotFound with 'The specified user was not found' for everyone, and the extension cert subject still has the old tenant id in it", "UserNotFound|The specified user was not found"),

    ("description", "'MSODS Graph call returned user not found error' for a user we deleted and recreated in entra yesterday", "UserNotFound|MSODS Graph call returned user not found"),
    ("description", "UserNotFound with the MSODS graph call message for a local-only AD account that never made it to Entra", "UserNotFound|MSODS Graph call returned user not found"),

    ("description", "user typed the 6 digit code from authenticator wrong, log says OATH code incorrect", "OathCodeIncorrect"),
    ("description", "TOTP from the hardware OATH token keeps getting rejected as a wrong code by the nps mfa extension, token clock drift maybe?", "OathCodeIncorrect"),
    ("description", "OathCodeIncorrect over and over for one user on RD Gateway, the rest are ok", "OathCodeIncorrect"),

    ("description", "user fat-fingered the sms code, nps ext says Text Message OTP Incorrect", "SMSAuthFailedWrongCodeEntered"),
    ("description", "texted code rejected as wrong for a vpn user (SMSAuthFailedWrongCodeEntered) - she insists she typed it right", "SMSAuthFailedWrongCodeEntered"),

    ("description", "user got the code wrong about 5 times and now it says Maximum allowed code retry reached", "SMSAuthFailedMaxAllowedCodeRetryReached"),
    ("description", "SMSAuthFailedMaxAllowedCodeRetryReached for the CFO 🙄 do I have to unblock him somewhere?", "SMSAuthFailedMaxAllowedCodeRetryReached"),

    ("description", "helpdesk guy kept hammering Connect on the vpn client and now the extension says too many attempts in a short period, throttling", "AuthenticationThrottled"),
    ("description", "AuthenticationThrottled for a user whose laptop script reconnects every 10 seconds lol", "AuthenticationThrottled"),

    ("description", "user requested so many phone calls that the ext now returns Authentication Method Limit Reached", "AuthenticationMethodLimitReached"),
    ("description", "we sent way too many SMS to the same user in a few minutes while testing and now MFA via NPS refuses with method limit reached", "AuthenticationMethodLimitReached"),

    ("description", "azure mfa answered InvalidParameter 'Request must not be null' to our nps ext. how is the request null??", "InvalidParameter|Request must not be null"),
    ("description", "InvalidParameter: ObjectId must not be null or empty for ReplicationScope — what is the replication scope?", "InvalidParameter|ObjectId must not be null"),
    ("description", "lol the MFA service rejects us because our CompanyName is longer than the max allowed length (InvalidParameter). 'Contoso International Holdings and Subsidiaries Worldwide Ltd'", "InvalidParameter|CompanyName"),
    ("description", "getting InvalidParameter 'UserPrincipalName must not be null or empty' for a handful of radius logins", "InvalidParameter|UserPrincipalName must not be null"),
    ("description", "someone pasted the tenant id into the registry with curly braces and now InvalidParameter: the provided TenantId is not in correct format", "InvalidParameter|TenantId is not in correct format"),
    ("description", "nps ext -> InvalidParameter 'SessionId must not be null or empty'. first time ever", "InvalidParameter|SessionId must not be null"),
    ("description", "InvalidParameter with 'Could not resolve any ProofData from request or Msods. The ProofData is unKnown' for one user", "InvalidParameter|Could not resolve any ProofData"),
    ("description", "the NPS extension keeps logging InvalidParameter from the Azure MFA service, didn't copy the rest of the message sorry", "InvalidParameter"),

    ("description", "NPS ext log shows the Azure MFA response InternalError with an empty message, random ~5% of requests", "InternalError"),
    ("description", "the mfa service is failing internally for our radius logins since 14:00 UTC — extension says InternalError", "InternalError"),

    ("description", "VersionNotSupported from the MFA service via the nps extension. we're on a really ancient build", "VersionNotSupported"),
    ("description", "nps extension reject with VersionNotSupported after months of working, is MS retiring the old protocol?", "VersionNotSupported"),

    ("description", "ext returns MFAPinNotSetup for a user we migrated from MFA Server where PIN mode was on", "MFAPinNotSetup"),
    ("description", "what's MFAPinNotSetup? got it from the azure mfa nps extension for one user", "MFAPinNotSetup"),

    ("description", "nps extension just says CONTACT_SUPPORT. no detail. great.", "CONTACT_SUPPORT"),
    ("description", "got the CONTACT_SUPPORT error code from the azure mfa extension — which traces does MS want before I open the case?", "CONTACT_SUPPORT"),

    ("description", "the extension says it only does secondary auth for requests in AccessAccept state and this one came in with response state AccessReject, ignoring request. the user had typed his AD password wrong", "|response state AccessReject"),
    ("description", "MFA prompt never fires. AuthZ shows the ext ignoring the request because NPS already said AccessReject — is my network policy not matching?", "|response state AccessReject"),
    ("description", "nps ext skips the MFA step with 'response state AccessReject, ignoring request' for everyone in the VPN-Users group", "|response state AccessReject"),

    ("description", "AOVPN with PEAP: ext logs 'with response state AccessChallenge, ignoring request' a bunch of times before the final accept. is that a failure?", "|response state AccessChallenge"),
    ("description", "seeing 'only performs Secondary Auth for Radius requests in AccessAccept State' with AccessChallenge as the state, should i worry?", "|response state AccessChallenge"),

    ("description", "since the number matching rollout our RDG users never get a push; AuthZ just shows 'Challenge requested in Authentication Ext for User' and nothing after", "|Challenge requested in Authentication Ext"),
    ("description", "ext logs Challenge requested in Authentication Ext with a state guid and then the login dies, the citrix gateway talks MSCHAPv2 to NPS", "|Challenge requested in Authentication Ext"),
    ("description", "`Challenge requested in Authentication Ext for User` on RRAS, users have TOTP as default. does MSCHAPv2 just not carry the code?", "|Challenge requested in Authentication Ext"),

    ("description", "ext keeps warning that the radius request is missing NAS Identifier and Nas IpAddress attribute. is that why the login failed?", "|missing NAS Identifier and Nas IpAddress"),
    ("description", "what's up with 'Radius request is missing NAS Identifier and Nas IpAddress attribute'? it says this is not an error but it's all over the AuthZ log", "|missing NAS Identifier and Nas IpAddress"),
    ("description", "user hammered reconnect ~20 times in a minute and the azure mfa ext now answers 'Too many attempts by user in a short period of time'", "AuthenticationThrottled"),
    ("description", "phone calls stopped coming for a user after she hit 'call me again' like 10 times. NPS AuthZ log: AuthenticationMethodLimitReached", "AuthenticationMethodLimitReached"),
    ("description", "our cloud sync scoping group doesn't include the VPN users OU, so they hit BecAccessDenied on the NPS ext", "BecAccessDenied"),
    ("description", "Authenticator TOTP rejected by the NPS extension ('OATH Code Incorrect') — turns out the user's phone clock is set manually and is 5 min off", "OathCodeIncorrect"),
    ("description", "user typed the text code from the PREVIOUS attempt 🤦 nps ext logged wrong code entered / text message OTP incorrect", "SMSAuthFailedWrongCodeEntered"),
    ("description", "after I hit 'require re-register MFA' on him he has no default method at all, nps ext: NoDefaultAuthenticationMethodIsConfigured", "NoDefaultAuthenticationMethodIsConfigured"),
    ("description", "tenant blocked?? from the nps ext. wtf", "TenantIsBlocked"),
    ("description", "guest user from a partner tenant tries our VPN through NPS and azure mfa says the caller tenant has no access permissions to authenticate that user", "AccessDenied"),
    ("description", "auth phone for a user has no country code (just 07700 900456) and the extension returns that the phone number is in an unrecognizable format", "InvalidFormat"),
    ("description", "NPS svc account isn't allowed to read user objects in AD (someone hardened the ACLs), and now the mfa extension fails with USERNAME_CANONICALIZATION_ERROR", "USERNAME_CANONICALIZATION_ERROR"),
    ("description", "asymmetric routing: NPS traffic to Azure MFA leaves through fw-a and the replies come back through fw-b which drops them. ext says HTTPS_COMMUNICATION_ERROR", "HTTPS_COMMUNICATION_ERROR"),

    # ------------------------------------------------------------------ pastes
    ("paste", r'''Log Name:      Microsoft-AzureMfa-AuthZ/AuthZOptCh
Source:        Microsoft-AzureMfa-AuthZ
Date:          3/11/2024 8:02:17 AM
Event ID:      1
Task Category: None
Level:         Error
Keywords:
User:          NETWORK SERVICE
Computer:      NPS01.corp.contoso.com
Description:
NPS Extension for Azure MFA: CID: 4b1e9c07-22d3-4f8a-9e61-7c0d5a3b2f18 :Exception in Authentication Ext for User CONTOSO\mhernandez :: ErrorCode:: CID :4b1e9c07-22d3-4f8a-9e61-7c0d5a3b2f18 ESTS_TOKEN_ERROR Msg:: Verify the client certificate is properly enrolled in Azure against your tenant and the server can access URL in Registry STS_URL. Error authenticating to eSTS: ErrorCode:: ESTS_TOKEN_ERROR Msg:: Error in retreiving token details from request handle: -89535283''', "ESTS_TOKEN_ERROR"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 0f7d2a66-5b1c-4e0b-8f3a-91c2de4470ab : Access Rejected for user priya.nair@contoso.com with Azure MFA response: OathCodeIncorrect and message: Wrong code entered\OATH Code Incorrect''', "OathCodeIncorrect"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 7a3c51e2-0d94-4b6f-a8e7-3f2b19c6d405 : Access Rejected for user tomas.berg@contoso.com with Azure MFA response: AuthenticationMethodNotConfigured and message: The specified authentication method was not configured for the user

^ this is from AuthZOptCh on nps02. tomas swears he set up the app last week, what gives?''', "AuthenticationMethodNotConfigured"),

    ("paste", r'''```
NPS Extension for Azure MFA:  CID: e2c90b41-7f35-4d1a-b6c8-5a0f3e92d717 : Access Rejected for user kwame.o@contoso.com with Azure MFA response: BecAccessDenied and message: MSODS Bec call returned access denied, probably the username is not defined in the tenant
```''', "BecAccessDenied"),

    ("paste", r'''> NPS Extension for Azure MFA: CID: 93d1f6a0-4c2e-4b88-9d07-e61a2c5b8f34 : Access Rejected for user l.schmidt@contoso.com with Azure MFA response: UserNotFound and message: MSODS Graph call returned user not found error.
anyone? she's a new starter, HR created her on-prem yesterday''', "UserNotFound|MSODS Graph call returned user not found"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 1c6e0d83-9a57-42f1-bd2e-0b7c4f19e6a2 : Access Rejected for user rdgtest@contoso.com with Azure MFA response: UserNotFound and message: The specified user was not found''', "UserNotFound|The specified user was not found"),

    ("paste", r'''Log Name:      Microsoft-AzureMfa-AuthZ/AuthZOptCh
Source:        Microsoft-AzureMfa-AuthZ
Date:          9/4/2024 4:41:09 PM
Event ID:      1
Level:         Error
Computer:      RADIUS-EU1.contoso.com
Description:
NPS Extension for Azure MFA: CID: 5e8b2f17-c3a0-4d69-91fe-2a7d0c45b3e8 : Access Rejected for user anna.k@fabrikam.com with Azure MFA response: AccessDenied and message: Caller tenant does not have access permissions to do authentication for the user''', "AccessDenied"),

    ("paste", r'''NPS Extension for Azure MFA: CID: b47a09e3-61d2-4c5f-8e1b-d3f92a60c7b4 : Access Rejected for user contoso\jlee with Azure MFA response: InvalidSession and message: The specified session is invalid or may have expired
user says the call came through but he was in a meeting''', "InvalidSession"),

    ("paste", r'''`NPS Extension for Azure MFA: CID: 28f0c6d9-3b7e-4a15-b2c4-9e1d7f0a6358 : Access Rejected for user ops.kiosk3@contoso.com with Azure MFA response: NoDefaultAuthenticationMethodIsConfigured and message: No default authentication method was configured for the user`''', "NoDefaultAuthenticationMethodIsConfigured"),

    ("paste", r'''Access Rejected for user diego.r@contoso.com with Azure MFA response: ProofDataNotFound and message: Proof data was not configured for the specified authentication method.''', "ProofDataNotFound"),

    ("paste", r'''<@U03MFAOPS> prod is down for VPN, every user:
```
NPS Extension for Azure MFA: CID: 6a2d8e05-f1b4-4c37-a9d6-0e5b3c78f912 : Access Rejected for user s.ito@contoso.com with Azure MFA response: TenantIsBlocked and message: Tenant is blocked
NPS Extension for Azure MFA: CID: c09f4b71-8e2a-4d3c-b5f0-7a6e1d2c9b83 : Access Rejected for user m.rossi@contoso.com with Azure MFA response: TenantIsBlocked and message: Tenant is blocked
```''', "TenantIsBlocked"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 3d5f7a92-0b6c-4e18-8d2a-f49c1e7b05d6 : Access Rejected for user hannah.w@contoso.com with Azure MFA response: SMSAuthFailedWrongCodeEntered and message: Wrong code entered/Text Message OTP Incorrect''', "SMSAuthFailedWrongCodeEntered"),

    ("paste", r'''Event ID 1, AuthZOptCh:
NPS Extension for Azure MFA: CID: f81c2e6b-4a9d-4c70-b3e5-1d6f0a8c2e47 : Access Rejected for user p.dubois@contoso.com with Azure MFA response: SMSAuthFailedMaxAllowedCodeRetryReached and message: Maximum allowed code retry reached
how long until it resets on its own?''', "SMSAuthFailedMaxAllowedCodeRetryReached"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 0e4b9c17-2d6a-4f83-a1c5-8b7e3f90d26c : Access Rejected for user vpn-test02@contoso.com with Azure MFA response: AuthenticationThrottled and message: Too many attempts by user in a short period of time. Throttling.''', "AuthenticationThrottled"),

    ("paste", r'''> Access Rejected for user g.okafor@contoso.com with Azure MFA response: AuthenticationMethodLimitReached and message: Authentication Method Limit Reached. Throttling.
> (CID 71b3e0d4-9c2f-4a68-b5e1-3f0a7d6c8b92)''', "AuthenticationMethodLimitReached"),

    ("paste", r'''NPS Extension for Azure MFA: CID: a9e6d2c0-5f13-4b7a-8c94-2e0d1b6f3a75 : Access Rejected for user r.tanaka@contoso.com with Azure MFA response: InvalidFormat and message: The phone number is in an unrecognizable format''', "InvalidFormat"),

    ("paste", r'''PS C:\> Get-WinEvent -LogName "Microsoft-AzureMfa-AuthZ/AuthZOptCh" -MaxEvents 1 | fl TimeCreated,Id,Message

TimeCreated : 2/19/2025 10:22:51 AM
Id          : 1
Message     : NPS Extension for Azure MFA: CID: 2f0c8a71-6e3b-4d95-a0c2-b7e14d9f5c36 : Access Rejected for user admin.jp@contoso.com with Azure MFA response: InvalidParameter and message: The length of CompanyName Contoso International Holdings and Subsidiaries Worldwide Limited\ is longer than the maximum allowed length 64''', "InvalidParameter|CompanyName"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 84c1e5f9-0a2d-4b6e-9f37-d5c08b1a2e64 : Access Rejected for user w.nguyen@contoso.com with Azure MFA response: InvalidParameter and message: The provided TenantId is not in correct format''', "InvalidParameter|TenantId is not in correct format"),

    ("paste", r'''```
Access Rejected for user f.alvarez@contoso.com with Azure MFA response: InvalidParameter and message: Could not resolve any ProofData from request or Msods. The ProofData is unKnown
```
only this one user, rest of the team is fine''', "InvalidParameter|Could not resolve any ProofData"),

    ("paste", r'''NPS Extension for Azure MFA: CID: d6a3f08b-1e7c-4c29-b4d5-0f8e2a6c9173 : Access Rejected for user  with Azure MFA response: InvalidParameter and message: UserPrincipalName must not be null or empty''', "InvalidParameter|UserPrincipalName must not be null"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 5b9e1c42-7d0a-4f6b-a3e8-c2f17d05b984 : Access Rejected for user ben.c@contoso.com with Azure MFA response: InternalError and message:''', "InternalError"),

    ("paste", r'''Level: Error  Source: Microsoft-AzureMfa-AuthZ  Event ID: 1
NPS Extension for Azure MFA: CID: 39e7a0d5-b2c4-4e81-9f6a-1d3c8e5b0f27 : Access Rejected for user y.cohen@contoso.com with Azure MFA response: AuthenticationMethodNotSupported and message: Specified authentication method is not supported.''', "AuthenticationMethodNotSupported"),

    ("paste", r'''NPS Extension for Azure MFA: CID: e0b4c7f2-8a61-4d3e-b9c5-7f2a0d6e1b38 : Access Rejected for user c.murphy@contoso.com with Azure MFA response: OathCodePinIncorrect and message: Wrong code and pin entered.
we have never used PIN mode, is this a bug?''', "OathCodePinIncorrect"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 17f5d9a3-c0e2-4b8b-8e4f-a6b3d1c0e925 : Access Rejected for user t.van.dijk@contoso.com with Azure MFA response: SMSAuthFailedWrongCodePinEntered and message: Wrong code and pin entered. (OneWaySMS)''', "SMSAuthFailedWrongCodePinEntered"),

    ("paste", r'''Log Name:      Microsoft-AzureMfa-AuthN/AuthNOptCh
Source:        Microsoft-AzureMfa-AuthN
Event ID:      3
Level:         Error
Computer:      NPS-DMZ02.contoso.com
Description:
NPS Extension for Azure MFA: CID: 60c2a8e1-4f9b-4d07-a5e3-b8d1f7c2e049 :Exception in Authentication Ext for User CONTOSO\contractor.jm :: ErrorCode:: ALTERNATE_LOGIN_ID_ERROR Msg:: Error: Alternate LoginId value is empty''', "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId value is empty"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 8d4f0b36-e2a7-4c91-b0d8-3e5c9f1a7264 :Exception in Authentication Ext for User CONTOSO\elena.p :: ErrorCode:: ALTERNATE_LOGIN_ID_ERROR Msg:: Error: Alternate LoginId lookup failed
(LDAP_ALTERNATE_LOGINID_ATTRIBUTE = mail, LDAP_FORCE_GLOBAL_CATALOG = TRUE)''', "ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed"),

    ("paste", r'''> ErrorCode:: ALTERNATE_LOGIN_ID_ERROR Msg:: Error: userObjectSid lookup failed
> User FABRIKAM\n.svensson''', "ALTERNATE_LOGIN_ID_ERROR|userObjectSid lookup failed"),

    ("paste", r'''C:\>wevtutil qe "Microsoft-AzureMfa-AuthZ/AuthZAdminCh" /c:1 /rd:true /f:text
Event[0]:
  Log Name: Microsoft-AzureMfa-AuthZ/AuthZAdminCh
  Source: Microsoft-AzureMfa-AuthZ
  Date: 2025-01-06T07:15:44.318
  Event ID: 2
  Task: N/A
  Level: Error
  Opcode: Info
  Keyword: N/A
  User: S-1-5-20
  User Name: NT AUTHORITY\NETWORK SERVICE
  Computer: NPS01.corp.contoso.com
  Description:
NPS Extension for Azure MFA: CID: 0a9d7e3c-5b21-4f64-8c0e-f3b6a2d19e57 :Exception in Authentication Ext for User CONTOSO\it.helpdesk :: ErrorCode:: CLIENT_CERT_INSTALL_ERROR Msg:: Client certificate for tenant 2c7f9e1a-0b4d-4e83-a6c5-93d0f8b1e274 not found or not valid''', "CLIENT_CERT_INSTALL_ERROR"),

    ("paste", r'''   ProviderName: Microsoft-AzureMfa-AuthZ

TimeCreated                     Id LevelDisplayName Message
-----------                     -- ---------------- -------
5/28/2024 2:10:03 PM             2 Error            NPS Extension for Azure MFA: CID: c3e8f1a0-7b5d-4296-9e0c-d4a6b2f81c75 :Exception in Authentication Ext for User CONTOSO\a.silva :: ErrorCode:: HTTP_CONNECT_ERROR Msg:: Unable to connect to https://adnotifications.windowsazure.com
5/28/2024 2:09:41 PM             2 Error            NPS Extension for Azure MFA: CID: 4f1b0d92-e6c3-4a78-b5d1-0c9e7f3a2b68 :Exception in Authentication Ext for User CONTOSO\k.patel :: ErrorCode:: HTTP_CONNECT_ERROR Msg:: Unable to connect to https://adnotifications.windowsazure.com''', "HTTP_CONNECT_ERROR"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 9b6e2d0f-3a8c-4e15-b7f4-61d0c9a3e582 :Exception in Authentication Ext for User CONTOSO\d.kim :: ErrorCode:: HTTPS_COMMUNICATION_ERROR Msg:: No valid response received from the Azure MFA service
this started right after the firewall swap''', "HTTPS_COMMUNICATION_ERROR"),

    ("paste", r'''```
Level: Error
NPS Extension for Azure MFA: CID: 2e7a4c19-d0f8-4b63-a9e2-5c1b8f07d346 :Exception in Authentication Ext for User CONTOSO\labuser1 :: ErrorCode:: REGISTRY_CONFIG_ERROR Msg:: Registry key CLIENT_ID not found under HKLM\SOFTWARE\Microsoft\AzureMfa
```''', "REGISTRY_CONFIG_ERROR"),

    ("paste", r'''NPS Extension for Azure MFA: CID: f4c09a7e-1b2d-4e86-8a5f-d7e3c0b2169a :Exception in Authentication Ext for User  :: ErrorCode:: REQUEST_FORMAT_ERROR Msg:: Radius Request missing mandatory Radius userName\Identifier attribute.Verify that NPS is receiving RADIUS requests
this is on the RDG server itself, we installed the extension there''', "REQUEST_FORMAT_ERROR"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 1a8f3e6c-9d04-4b72-b1e6-e0c5d7f2a983 :Exception in Authentication Ext for User CONTOSO\n.ahmed :: ErrorCode:: REQUEST_MISSING_CODE Msg:: The OTP was not present in the request''', "REQUEST_MISSING_CODE"),

    ("paste", r'''> NPS Extension for Azure MFA: CID: 76d2b0e4-c8a1-4f39-9e5b-3a0f6c1d8e27 :Exception in Authentication Ext for User FABRIKAM\o.lindqvist :: ErrorCode:: USERNAME_CANONICALIZATION_ERROR Msg:: Could not resolve the user in Active Directory
> only fabrikam users hit this''', "USERNAME_CANONICALIZATION_ERROR"),

    ("paste", r'''Log Name:      Microsoft-AzureMfa-AuthZ/AuthZOptCh
Source:        Microsoft-AzureMfa-AuthZ
Event ID:      1
Level:         Error
Computer:      NPS01.corp.contoso.com
Description:
NPS Extension for Azure MFA:  NPS Extension for Azure MFA only performs Secondary Auth for Radius requests in AccessAccept State. Request received for User r.baptiste with response state AccessReject, ignoring request.''', "|response state AccessReject"),

    ("paste", r'''NPS Extension for Azure MFA: NPS Extension for Azure MFA only performs Secondary Auth for Radius requests in AccessAccept State. Request received for User CONTOSO\vpn.aovpn07 with response state AccessChallenge, ignoring request.
NPS Extension for Azure MFA: NPS Extension for Azure MFA only performs Secondary Auth for Radius requests in AccessAccept State. Request received for User CONTOSO\vpn.aovpn07 with response state AccessChallenge, ignoring request.
dozens of these per login, PEAP-MSCHAPv2. harmless?''', "|response state AccessChallenge"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 0c5a9f3e-b7d1-4e28-a6f0-9d2e4b8c1f53 : Challenge requested in Authentication Ext for User m.kowalski@contoso.com with state 8e1d4a70-f2c6-4b93-a05e-7c3b9d1f6e24''', "|Challenge requested in Authentication Ext"),

    ("paste", r'''```
Event ID: 1  Level: Warning  Source: Microsoft-AzureMfa-AuthZ
NPS Extension for Azure MFA: Radius request is missing NAS Identifier and Nas IpAddress attribute.Populating atleast one of these fields is recommended.This is not an error.
```
is this why the wifi auth fails?''', "|missing NAS Identifier and Nas IpAddress"),

    ("paste", r'''three events in a row on nps02:
1) NPS Extension for Azure MFA: CID: 5d0e8b2a-3f7c-4a16-9b4e-c1a6f0d3e789 :Exception in Authentication Ext for User CONTOSO\s.oyelaran :: ErrorCode:: ESTS_TOKEN_ERROR Msg:: Error authenticating to eSTS
2) NPS Extension for Azure MFA: Radius request is missing NAS Identifier and Nas IpAddress attribute.Populating atleast one of these fields is recommended.This is not an error.
3) Network Policy Server discarded the request for a user.''', "ESTS_TOKEN_ERROR"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 8a2f6c0d-e4b9-4d71-b3a5-0f7e1c9d2b46 : Access Rejected for user legacy.app@contoso.com with Azure MFA response: VersionNotSupported and message:''', "VersionNotSupported"),

    ("paste", r'''> Access Rejected for user e.novak@contoso.com with Azure MFA response: MFAPinNotSetup and message:
she was migrated off MFA Server last month''', "MFAPinNotSetup"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 4e9c1b07-a2f5-4d83-8c6e-b0d3a7f1e592 :Exception in Authentication Ext for User CONTOSO\j.mbeki :: ErrorCode:: CONTACT_SUPPORT Msg:: Unexpected failure, contact support''', "CONTACT_SUPPORT"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 19b3d7e0-6c4a-4f2b-9a8d-e5f0c2b16a73 : Access Rejected for user q.zhang@contoso.com with Azure MFA response: InvalidParameter and message: SessionId must not be null or empty
NPS Extension for Azure MFA: CID: a7e0f4c2-3b9d-4e61-8f5a-2d1c6b0e9f38 : Access Rejected for user q.zhang@contoso.com with Azure MFA response: InvalidParameter and message: SessionId must not be null or empty''', "InvalidParameter|SessionId must not be null"),

    ("paste", r'''got this from the AuthZ log, plus a bunch of 6273s after it:

NPS Extension for Azure MFA: CID: 3f8d0a5b-c1e7-4b94-a2d6-7e0b9f3c1a58 : Access Rejected for user helpdesk.t2@contoso.com with Azure MFA response: OathCodeIncorrect and message: Wrong code entered\OATH Code Incorrect
NPS Extension for Azure MFA: CID: b2c6e9f1-0d4a-4738-9e1b-f5a3c8d0e264 : Access Rejected for user helpdesk.t2@contoso.com with Azure MFA response: OathCodeIncorrect and message: Wrong code entered\OATH Code Incorrect''', "OathCodeIncorrect"),

    ("paste", r'''Access Rejected for user ops-nightly@contoso.com with Azure MFA response: InvalidParameter and message: Request must not be null''', "InvalidParameter|Request must not be null"),

    ("paste", r'''NPS Extension for Azure MFA: CID: 6e1a4d8c-9f2b-4c05-b7e3-d0a5f9c2e816 : Access Rejected for user svc-sync-probe@contoso.com with Azure MFA response: InvalidParameter and message: ObjectId must not be null or empty for ReplicationScope:1''', "InvalidParameter|ObjectId must not be null"),

    # ------------------------------------------------------------------ negatives
    ("negative", "morning all ☕ who's on call this weekend?", None),
    ("negative", "anyone up for the thai place at 12:30?", None),
    ("negative", "<@U02HJK7PL> can you review my PR for the firewall runbook when you get a sec", None),
    ("negative", "teams call in 5, link in the calendar invite", None),
    ("negative", "patch tuesday rebooted both NPS boxes overnight, all came back clean 👍", None),
    ("negative", "anyone going to Ignite this year? trying to sort travel", None),
    ("negative", "can someone reset my password on the lab domain, locked myself out again", None),
    ("negative", "reminder: change freeze starts friday 18:00 until the 3rd", None),

    ("negative", "Duo authproxy log on our ASA integration: `Primary credentials rejected` for jsmith in the [radius_server_auto] section. AD password is right though?", None),
    ("negative", "duo push to a user times out, authproxy.log says the Duo auth returned 'deny' with reason 'user_cancelled'. what's the timeout knob?", None),
    ("negative", "Duo Windows Logon says 'The Duo service is currently unavailable' on two RDS hosts, anyone else?", None),
    ("negative", "Okta RADIUS agent keeps logging 'Invalid credentials' for users who just reset their passwords via the Okta dashboard", None),
    ("negative", "okta verify pushes not arriving for iOS users since this morning, status page is green 🤷", None),
    ("negative", "RSA SecurID: half of finance dropped into next-tokencode mode after the AM upgrade", None),
    ("negative", "RSA Authentication Manager audit log: 'Authentication method failed' for user bgreen, agent 10.40.12.8. token is assigned and enabled", None),

    ("negative", "%ASA-6-113015: AAA user authentication Rejected : reason = AAA failure : server = 10.20.30.40 : user = ***** : user IP = 198.51.100.23", None),
    ("negative", "ASA keeps marking our radius server as failed: `%ASA-4-113029: ... AAA Marking RADIUS server 10.20.30.41 in aaa-server group RAD-VPN as FAILED`", None),
    ("negative", "FortiGate `diagnose debug app fnbamd -1` shows 'fnbamd_radius_auth_send-Sent radius req' then 'RADIUS server timeout'. NPS never logs anything", None),
    ("negative", "fortigate ssl vpn: 'Authentication failed for user alice (Access-Reject from RADIUS server)'. where do I even start", None),
    ("negative", "GlobalProtect portal: `Authentication failed: Invalid username or password` with the RADIUS auth profile, LDAP profile works", None),
    ("negative", "globalprotect gateway says 'Authentication profile not found for the user' after we renamed the profile, oops", None),
    ("negative", "Cisco ISE live logs: 24408 User authentication against Active Directory failed since user has entered the wrong password", None),
    ("negative", "ClearPass access tracker: Reject — 'Service Categorization failed' for the guest SSID", None),
    ("negative", "freeradius -X shows `rlm_pap: Cleartext password does not match \"known good\" password` then Login incorrect", None),

    ("negative", '''Log Name:      Security
Source:        Microsoft-Windows-Security-Auditing
Event ID:      6273
Task Category: Network Policy Server
Level:         Information
Keywords:      Audit Failure
Computer:      NPS01.corp.contoso.com
Description:
Network Policy Server denied access to a user.
...
Authentication Details:
	Connection Request Policy Name:	Use Windows authentication for all users
	Network Policy Name:		-
	Authentication Provider:		Windows
	Authentication Server:		NPS01.corp.contoso.com
	Authentication Type:		MS-CHAPv2
	Reason Code:			16
	Reason:				Authentication failed due to a user credentials mismatch. Either the user name provided does not map to an existing user account or the password was incorrect.''', None),
    ("negative", '''NPS 6273, Reason Code: 48
Reason: The connection request did not match any configured network policy.
anybody know how to see which condition failed?''', None),
    ("negative", "Event 6273 reason code 66: 'The user attempted to use an authentication method that is not enabled on the matching network policy.' — the WLC sends PEAP but the policy only has MS-CHAPv2 ticked", None),
    ("negative", "6273 with reason 23, 'An error occurred during the Network Policy Server use of the Extensible Authentication Protocol (EAP)'. on the wifi policy, started after the NPS server cert renewal", None),
    ("negative", "NPS denying machine auth: Reason Code 265, the certificate chains to a root CA that isn't trusted by the NPS server", None),
    ("negative", "```\nEvent ID 6274\nNetwork Policy Server discarded the request for a user.\nReason Code: 3\nReason: The Remote Authentication Dial-In User Service (RADIUS) Request message that Network Policy Server received from the network access server was malformed.\n```\nthis is from the new Meraki MX, shared secret is right I think", None),
    ("negative", "NPS 6273 reason 65: 'The Network Access Permission setting in the dial-in properties of the user account in Active Directory is set to Deny access to the user.' who set that on the intern accounts lol", None),

    ("negative", "Error 691: The remote connection was denied because the user name and password combination you provided is not recognized, or the selected authentication protocol is not permitted on the remote access server.", None),
    ("negative", "rras users getting error 812 'The connection was prevented because of a policy configured on your RAS/VPN server' after I edited the network policy", None),
    ("negative", "L2TP clients: Error 789, 'The L2TP connection attempt failed because the security layer encountered a processing error during initial negotiations with the remote computer.'", None),
    ("negative", "sstp vpn error 809 from home users on a particular ISP, works on 4G", None),

    ("negative", '''An account failed to log on.
Event ID: 4625
Failure Information:
	Failure Reason:		Unknown user name or bad password.
	Status:			0xC000006D
	Sub Status:		0xC000006A
Account Name: jdoe   Account Domain: CONTOSO   Workstation Name: RDSH03''', None),
    ("negative", "4771 kerberos pre-auth failed, failure code 0x18, from 10.10.4.77 every 30s. stale creds in a mapped drive probably", None),

    ("negative", "sign-in logs show AADSTS50126: Error validating credentials due to invalid username or password. for the shared mailbox account", None),
    ("negative", "AADSTS50076 in the entra sign-in logs for the mobile outlook users", None),
    ("negative", "`AADSTS53003: Access has been blocked by Conditional Access policies.` from the finance app, which policy is it?", None),
    ("negative", "AADSTS700016: Application with identifier '3f1c9b2e-7a40-4d8e-b6f5-0c2d9e81a47b' was not found in the directory 'contoso.onmicrosoft.com'", None),
    ("negative", "AADSTS50158 external security challenge not satisfied — this is the Duo EAM integration btw", None),

    ("negative", '''{"error":{"code":"AuthorizationFailed","message":"The client '7b2e4c1a-0f93-4d6e-a85b-1c3d9f0e6a27' with object id '7b2e4c1a-0f93-4d6e-a85b-1c3d9f0e6a27' does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/write' over scope '/subscriptions/...'"}}''', None),
    ("negative", '''<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>8QKZ3T1N7V2R4B6M</RequestId><HostId>y3Xk...=</HostId></Error>
getting this from s3 on the backup bucket after the policy change''', None),
    ("negative", '''An error occurred (InternalError) when calling the RunInstances operation (reached max retries: 4): An internal error has occurred''', None),
    ("negative", '''{"status":"Failed","error":{"code":"InternalError","message":"An internal execution error occurred. Please retry later."}}  <- bicep deploy of the hub vnet, third time today''', None),
    ("negative", '''storage account blob upload: {"odata.error":{"code":"AuthorizationPermissionMismatch"}} and via azcopy it's 403 AccessDenied. RBAC is Storage Blob Data Contributor?''', None),

    ("negative", "which ports/URLs does the NPS extension need outbound? writing the firewall request now", None),
    ("negative", "how do I install the nps extension on Server 2022? is the download still the same MSI?", None),
    ("negative", "does the azure mfa nps extension support number matching or just approve/deny + TOTP these days?", None),
    ("negative", "best way to skip MFA for service accounts going through the NPS ext? REQUIRE_USER_MATCH or a separate NPS?", None),
    ("negative", "where does the NPS extension log to in event viewer? AuthN or AuthZ?", None),
    ("negative", "planning ahead: the extension's self-signed cert is good for 2 years right? want a calendar reminder, nothing's broken", None),
    ("negative", "do we need P1 licences for everyone using the NPS extension or is free MFA enough?", None),
    ("negative", "gonna move the NPS servers to 2022 next sprint, any gotchas with the azure mfa extension upgrade?", None),
    ("negative", "is the MFA NPS extension health check script still maintained? the Graph SDK v2 bits look new", None),

    ("negative", "fixed now — the ESTS_TOKEN_ERROR went away after rerunning the config script and restarting IAS. thx <@U01XYZ789>", None),
    ("negative", "nvm on the HTTP_CONNECT_ERROR from earlier, it was our proxy bypass list. sorted ✅", None),
    ("negative", "update: kim re-registered her authenticator and the VPN MFA works again, closing INC0048213", None),
    ("negative", "heads up the nps ext is happy again after the firewall rollback 🎉 no action needed", None),

    ("negative", "our RD Gateway's public SSL cert expires friday, who has the registrar login?", None),
    ("negative", "Entra Connect export errors: AttributeValueMustBeUnique on 3 objects (proxyAddresses clash)", None),
    ("negative", "Exchange hybrid: 550 5.7.1 Unable to relay from the scanner, anyone touched the receive connector?", None),
    ("negative", "intune says remediation failed with 0x87D1FDE8 on ~20 laptops for the bitlocker policy", None),
]


def _split(raw: list[tuple[str, str, str | None]]) -> tuple[Case, ...]:
    seen: dict[str, int] = {}
    cases = []
    for kind, text, expect in raw:
        n = seen[kind] = seen.get(kind, -1) + 1
        cases.append(Case(kind, text, expect, HOLDOUT if n % 5 in (1, 3) else CALIBRATE))
    return tuple(cases)


CASES: tuple[Case, ...] = _split(_RAW)
