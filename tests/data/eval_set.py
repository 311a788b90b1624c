# ruff: noqa: E501
"""A labelled evaluation set of Slack messages, written to measure what users need.

How it was written: by a helper who did not read the matcher, its word lists or its own
labelled pastes. Only the entries of knowledge/errors.yaml (codes, messages, summaries)
and public sources were read: Microsoft's article on the NPS extension's error messages,
public Q&A and GitHub threads where admins quote what the extension logged, and the
documentation of NPS events 6273/6274, RRAS/VPN errors, Windows 4625 and other products'
RADIUS errors. Facts carry over; every sentence here is our own, names are contoso/fabrikam
examples, identifiers are made up (the only real GUID is the public app ID of the
Azure Multi-Factor Auth Client).

Kinds:
- "description": a problem told in words as an admin writes it in Slack (chatty, typos,
  short and long, with and without NPS/MFA context; the ones without are noted
  "no NPS/MFA context", since a channel answer may rightly need that context).
- "fragment": a code variant (cut short, missing a suffix, spaced words, lower case, a typo
  next to "azure mfa"/"nps") or a partial product message (no "Error: " prefix, a long
  contiguous part, lower case with its backslash).
- "negative": must stay silent in a channel; note names the family (nps-6273, rras-vpn...).

Labels (expect):
- "CODE": the entry with that code, e.g. "ESTS_TOKEN_ERROR".
- "CODE|fragment": for a code with several messages (ALTERNATE_LOGIN_ID_ERROR,
  InvalidParameter), the entry of that code whose message contains the fragment; plain
  "CODE" when the text does not pin the message down.
- "|fragment": an entry keyed by its message only, without a code: "|AccessReject",
  "|AccessChallenge", "|Challenge requested in Authentication Ext", "|NAS Identifier".
- None: a negative.

Splits: within each kind, cases are dealt in turn so that 2 of every 5 go to "holdout"
(thresholds are never tuned on them) and 3 to "calibrate"; any run of three cases for one
entry gets both splits.

Put aside rather than labelled, because a user could reasonably want either an answer or
silence: NPS event 6273 with reason code 21 (an extension DLL rejected the request); 6273
reason 16 pasted together with "since we installed the MFA extension"; an AADSTS code pasted
with NPS context but without ESTS_TOKEN_ERROR; "VPN users stopped getting the MFA push"
with no error at all; questions about which ports or URLs the extension needs.
"""

from __future__ import annotations

from dataclasses import dataclass

CALIBRATE = "calibrate"
HOLDOUT = "holdout"
NO_CONTEXT = "no NPS/MFA context"


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    expect: str | None
    split: str
    note: str = ""


# A text, or a text with its note.
_Text = str | tuple[str, str]


def _deal(kind: str, groups: list[tuple[str | None, list[_Text]]]) -> tuple[Case, ...]:
    """Turn groups of texts into cases, dealing 2 of every 5 to the holdout split."""
    cases: list[Case] = []
    for expect, texts in groups:
        for item in texts:
            text, note = item if isinstance(item, tuple) else (item, "")
            split = HOLDOUT if len(cases) % 5 in (1, 3) else CALIBRATE
            cases.append(Case(kind, text, expect, split, note))
    return tuple(cases)


_DESCRIPTIONS: list[tuple[str | None, list[_Text]]] = [
    ("CONTACT_SUPPORT", [
        "the azure mfa nps extension just tells me to contact microsoft support, nothing else in the event. what logs will they want?",
        "Anyone had the NPS MFA extension tell them to open a case with Microsoft? no other detail in AuthZOptCh and we already restarted ias twice",
        "<@U02ABCDEF> the radius mfa plugin on nps02 is throwing the 'contact support' one again, which traces do I zip up for the case?",
        "mfa extension on the vpn radius box fails with an error that basically says call support — do I just open a ticket with MS or is there something to check first",
    ]),
    ("CLIENT_CERT_INSTALL_ERROR", [
        'Morning! NPS extension started failing at 06:00, `Get-ChildItem Cert:\\LocalMachine\\My` shows the NPS Extension cert with NotAfter = yesterday. is re-running the script enough or do I delete the old one first?',
        "NPS extension stopped working this morning, I think the self signed cert it created two years ago expired. how do I renew it?",
        "after we moved NPS to a new server the mfa extension complains it can't find its client certificate in the local machine store",
        "ran AzureMfaNpsExtnConfigSetup.ps1 again and the nps extension still has a certificate problem, maybe NETWORK SERVICE can't read the private key?",
        "the 'Microsoft NPS Extension' cert is gone from certlm on nps01 and now MFA on the VPN fails for everyone",
        "cert for the azure mfa nps extension expired lol, what now",
        "nps ext cert expired",
    ]),
    ("ESTS_TOKEN_ERROR", [
        "renewed the nps extension certificate with the script and the extension STILL can't get a token, says the client certificate isn't enrolled against our tenant",
        'teh nps extention cant get a tokn from azure ad anymore, all vpn mfa down',
        ("our server can't get a token from login.microsoftonline.com with its certificate anymore, the app registration looks fine", NO_CONTEXT),
        "NPS extension can't get a token from Entra, says something about eSTS and the client certificate. All RADIUS logins failing since Friday",
        "our mfa nps extension errors out authenticating to azure ad, the token request fails with AADSTS7000112 app is disabled",
        "mfa extension: error authenticating to STS, couldn't retrieve the access token. cert looks valid though??",
        "Is there a way to tell why the NPS MFA plugin can't get an ADAL token? The Azure Multi-Factor Auth Client enterprise app is enabled in our tenant",
        "we're in the US gov cloud and the nps extension keeps failing to get its token from login.microsoftonline.us, do I have to change STS_URL?",
        "token error from eSTS on both NPS servers right after someone 'cleaned up' enterprise apps in the tenant 🙃",
        "hey all, quick sanity check: NPS + Azure MFA extension, event in AuthZOptCh mentions the security token service and a 401 when it asks for the token. cert thumbprint matches what's on the service principal. any ideas?",
    ]),
    ("HTTPS_COMMUNICATION_ERROR", [
        "<@U0NETOPS> can you check the palo? the mfa nps extension on nps02 sends to adnotifications but never gets a reply, only since last night's rule cleanup",
        "NPS mfa extension gets no responses back from adnotifications.windowsazure.com, firewall team swears 443 is open outbound",
        "after hardening (disabled TLS 1.0/1.1 and apparently 1.2 as well 🤦) the azure mfa extension fails talking to the MFA service, schannel 36871 in the System log",
        "https communication error between nps and azure mfa since the new proxy with SSL inspection went in",
        "mfa ext: no usable https response from the MFA endpoint, looks like return traffic gets dropped by the firewall",
        ("getting an https comms failure from the auth server to the microsoft notification service, one direction only it seems", NO_CONTEXT),
    ]),
    ("HTTP_CONNECT_ERROR", [
        "after the proxy migration the NPS box can't reach login.microsoftonline.com at all, `netsh winhttp show proxy` says direct access. vpn mfa dead",
        "NPS server can't even connect to login.microsoftonline.com, connection times out, so MFA for the VPN is dead",
        "the MFA extension can't open a connection to the azure endpoints, DNS on that box doesn't resolve adnotifications.windowsazure.com",
        "our nps box sits in a dmz with no internet at all, is that why every radius auth fails once the mfa extension is installed?",
        "Test-NetConnection to strongauthenticationservice.auth.microsoft.com fails from NPS and the extension logs connect errors",
        "nps mfa: http connect failure to the microsoft endpoints on every request",
    ]),
    ("REGISTRY_CONFIG_ERROR", [
        "installed the NPS extension msi but skipped the powershell config script, now it says a registry value is missing",
        "AzureMfa key under HKLM\\SOFTWARE\\Microsoft is basically empty on the new nps node and the extension errors about its config",
        "mfa extension complains it can't read its registry configuration after we imported a .reg export from the old server",
        "registry setting missing for the azure mfa nps thing?",
    ]),
    ("REQUEST_FORMAT_ERROR", [
        'RDG and NPS on the same server, the nps mfa extension logs that the radius request lacks a user name. do I need a remote RADIUS server group?',
        "NPS extension says the RADIUS request has no user name attribute. our firewall sends radius to NPS, is it stripping User-Name?",
        "RD Gateway with local NPS + mfa extension: error that the radius request is missing the userName identifier attribute",
        "mfa extension rejects requests because the username attribute isn't in the radius packet. RRAS is on the same box",
        "radius request format error from the NPS MFA plugin — is NPS even receiving the requests?",
    ]),
    ("REQUEST_MISSING_CODE", [
        "users whose only method is the code from the app never get asked for it on the vpn, we use MSCHAPv2 — nps mfa extension",
        "NPS extension + CHAP? the verification code prompt never shows and sign-in fails for users with OTP as their method",
        "Our Meraki sends EAP to NPS; people whose MFA method is the 6-digit code can't sign in, mfa ext says the request has no code",
        "the mfa extension wants a one-time code but the authentication protocol between the vpn and NPS can't carry it. which protocol do I need, PAP?",
    ]),
    ("USERNAME_CANONICALIZATION_ERROR", [
        "Hi team, NPS with the Azure MFA extension works for contoso.local users but fabrikam.local users (two-way forest trust) fail, the extension can't canonicalize their user name. the NPS server is only in RAS and IAS Servers in contoso",
        "NPS extension can't find users from the child domain in on-prem AD. is NPS registered in AD (RAS and IAS Servers group)?",
        "mfa extension fails to resolve users from the trusted forest, username canonicalization something",
        "after moving NPS to a workgroup server the azure mfa extension can't look up any user in Active Directory",
        "NPS can't read AD to resolve the UPN for the mfa extension, only for users in the other forest",
    ]),
    ("ALTERNATE_LOGIN_ID_ERROR|userObjectSid", [
        "we turned on alternate login ID for the NPS extension and now it says the userObjectSid lookup fails for some users",
        "with LDAP_ALTERNATE_LOGINID_ATTRIBUTE set, the extension can't find the user's SID in AD, those accounts live in another forest",
        "alt login id enabled on nps mfa and the user object SID lookup fails for the contractors",
    ]),
    ("ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed", [
        "alternate login ID lookup failing on the NPS mfa extension. LDAP_LOOKUP_FORESTS has a space after the semicolon, could that be it?",
        "NPS extension can't read the alternate login attribute from the global catalog, we set LDAP_FORCE_GLOBAL_CATALOG to true",
        "the alt loginid lookup fails for every user since we added the second forest to the lookup list",
    ]),
    ("ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId value is empty", [
        "alternate login id is empty for a few users: we use mail as the alt attribute and those accounts have no mail filled in",
        "NPS MFA ext says the alternate loginid value is empty for a new hire",
        "mfa extension: the alt login attribute has no value on the user (extensionAttribute10 never got populated by the HR sync)",
    ]),
    ("ALTERNATE_LOGIN_ID_ERROR", [
        "something about alternate login id errors on the nps extension since the weekend, haven't got the exact text yet",
    ]),
    ("AccessDenied", [
        "<@U0ABC123> the nps extension was set up with the fabrikam tenant id but our users are all contoso, extension says the calling tenant isn't allowed to authenticate them",
        "NPS extension says the caller tenant has no permission to authenticate the user: users with @fabrikam.com UPNs, extension registered to the contoso tenant",
        "Azure MFA via NPS denies users whose UPN suffix isn't verified in our tenant, access denied from the extension",
        "I think we ran the nps extension setup with the wrong tenant ID, now it's access denied for the users",
        "users from the acquired company (different tenant) get access denied from the mfa extension on our VPN",
    ]),
    ("AuthenticationMethodNotConfigured", [
        "NPS ext says the authentication method isn't configured for the user. she only has the authenticator app but the call went to phone",
        "user's default MFA method is text message but he never registered a phone, NPS mfa extension errors",
        "mfa extension: the method it tried isn't registered for this user, how do I get them to set up security info?",
        "azure mfa on radius: specified auth method not configured for the user, he's registered for the app only",
    ]),
    ("AuthenticationMethodNotSupported", [
        "NPS extension reports the user's authentication method is not supported, which methods does it actually accept?",
        "mfa over nps rejects a couple of users saying their verification method is unsupported",
        "Azure MFA via nps: the MFA service rejected the secondary method as not supported for one user",
    ]),
    ("BecAccessDenied", [
        "&gt; probably the username is not defined in the tenant\nthat's what nps says for our svc accounts. they're excluded from cloud sync on purpose, can we skip MFA for them?",
        "new user created on-prem yesterday, NPS extension says MSODS access denied. I guess the account hasn't synced to Entra yet?",
        "mfa extension error: username not defined in the tenant. user is in an OU that Entra Connect doesn't sync",
        "Bec call access denied from the nps extension for service accounts that only exist in local AD",
        "users excluded from AD Connect sync get an access denied from azure mfa on the VPN, they aren't in Azure AD at all",
    ]),
    ("InvalidFormat", [
        ("user's phone number can't be parsed, it's missing the country code", NO_CONTEXT),
        "NPS MFA fails for one user, the phone number format can't be recognised, she has her number without a country code",
        "azure mfa via nps: user's phone number is unrecognizable, we imported them from HR with dashes and brackets",
        "nps extension logs an invalid parameter about the phone number format for one of our users",
        ("phone number format invalid when the user tries to get the verification call", NO_CONTEXT),
    ]),
    ("InvalidSession", [
        'vpn mfa: by the time people find their phone the session has expired, can we raise the RADIUS timeout on the firewall?',
        "users approve the push but the NPS extension says the session is invalid or expired. they take ages to approve tbh",
        "MFA session expired error on vpn logins, users say they tapped approve within a minute",
        "nps mfa: session expired before the approval came back, network latency between sites?",
        "azure mfa extension logs an expired session when people answer the phone call late",
        "mfa ext session expired again",
    ]),
    ("NoDefaultAuthenticationMethodIsConfigured", [
        "accounts we create with `New-MgUser` can't use the VPN, nps extension says no default MFA method, they never registered",
        "NPS extension: no default authentication method for the user, he never did the MFA registration",
        "new starters can't connect to the VPN until they register for MFA, the extension says no default method configured",
        "user isn't enrolled in MFA at all so the nps mfa extension fails. can we let them through with REQUIRE_USER_MATCH false?",
        "how do I set a default sign-in method for a user? radius mfa says none is configured",
    ]),
    ("OathCodePinIncorrect", [
        "NPS MFA extension logged wrong code and pin for a hardware token user, we don't even use PINs?",
        "oath token with pin rejected via nps mfa, code plus pin incorrect",
        "azure mfa via radius: the user's code + PIN combination was refused, hardware OATH token",
    ]),
    ("ProofDataNotFound", [
        "mfa extension says proof data isn't configured for the method. user has the phone method but no number on it",
        "nps ext: method registered but incomplete, proof data missing. re-register?",
        "Azure MFA NPS: the user's verification method exists without its details, do they need to redo security info?",
    ]),
    ("SMSAuthFailedWrongCodePinEntered", [
        "NPS extension logged a wrong code and pin for a one-way SMS sign-in",
        "one way sms code + pin rejected via the nps mfa extension",
        "azure mfa text message code and PIN failure on the radius server, never seen that one before",
    ]),
    ("TenantIsBlocked", [
        'no one can VPN in, nps extension log says the tenant is blocked. billing issue??',
        "every user failing MFA through NPS and the extension says our tenant is blocked?! 😱",
        "azure mfa nps extension: tenant blocked by the MFA service, what do we do",
        "mfa says our directory is blocked, all radius auths failing since this morning",
    ]),
    ("UserNotFound", [
        'the MFA extension gets user not found from the cloud for all users although the cert is fine, is our tenant even active for MFA?',
        "nps mfa extension says the user was not found but she's definitely in Entra and licensed",
        "MSODS Graph call says user not found for every user since we reinstalled the extension",
        "azure mfa via NPS: the MFA service doesn't see the user as active, user not found. first party app missing in the tenant?",
        "user not found error from the nps extension for one specific account",
    ]),
    ("OathCodeIncorrect", [
        'user on the vpn enters the authenticator code and NPS says the code is wrong. the phone time is set manually, could that be it?',
        "user types the 6 digit code from the authenticator app on the VPN and the NPS extension says wrong code",
        "hardware token code rejected via nps mfa, could it be clock drift on the token?",
        "azure mfa extension: OATH code incorrect for a user with a new phone",
        "TOTP code keeps being refused at the radius mfa prompt",
    ]),
    ("SMSAuthFailedMaxAllowedCodeRetryReached", [
        ('user typed the wrong text message code five times and now it says the retry limit is reached', NO_CONTEXT),
        "user typed the wrong sms code too many times on the vpn, nps extension says max retries reached",
        "mfa via nps: code retry limit hit, user locked out of MFA. how do I unblock her?",
        "azure mfa extension: maximum allowed code retries for the same user five times today",
    ]),
    ("SMSAuthFailedWrongCodeEntered", [
        "NPS MFA extension: wrong code entered for the text message OTP, user swears it's the code from the SMS",
        "sms code rejected on vpn login, nps extension says the OTP is incorrect",
        "text message verification code incorrect through the mfa extension, maybe the user typed an old text",
        "our users get SMS codes fine but radius mfa says wrong code, the text message one",
        "radius mfa: wrong sms code",
    ]),
    ("AuthenticationThrottled", [
        "NPS MFA: user throttled, too many attempts in a short time. the vpn client retries on its own",
        "azure mfa extension rate limiting one user after repeated sign-in attempts",
        "user keeps hammering the vpn connect button and now mfa via nps throttles her",
    ]),
    ("AuthenticationMethodLimitReached", [
        "NPS ext says authentication method limit reached for a user who requested a pile of SMS",
        "voice call limit hit in azure mfa via nps, the user kept asking for calls",
        "too many text messages sent to one user, the mfa extension throttled that method",
    ]),
    ("InvalidParameter|Request must not be null", [
        "azure mfa service got an empty request from the NPS extension? log says the request must not be null",
        "mfa extension: invalid parameter, the request it sent to the MFA service was null",
        "the MFA service says the nps extension's request itself was null, invalid parameter",
    ]),
    ("InvalidParameter|ObjectId", [
        "NPS MFA extension: invalid parameter, object ID empty for a replication scope",
        "mfa service complains the ObjectId is empty in the request from nps",
        "azure mfa via radius: invalid parameter, no object id for the replication scope in the request",
    ]),
    ("InvalidParameter|CompanyName", [
        "invalid parameter from azure mfa via nps: company name longer than the allowed length",
        "is our company name too long for the MFA service? NPS extension gets an invalid parameter back",
        "azure mfa on nps: invalid parameter, CompanyName exceeds the maximum allowed length",
    ]),
    ("InvalidParameter|UserPrincipalName", [
        "nps mfa invalid parameter: the UPN was null or empty in the request",
        "MFA service says the user principal name was empty in the request from the nps extension",
        "nps extension: invalid parameter because the UserPrincipalName in the MFA request was blank",
    ]),
    ("InvalidParameter|TenantId", [
        "does the nps extension send a malformed tenant id? invalid parameter, tenant ID not in the correct format",
        "did I paste the tenant ID with braces into the setup script? azure mfa says the tenant id format is wrong",
        "mfa extension: invalid parameter, the provided tenant id isn't a valid format",
    ]),
    ("InvalidParameter|SessionId", [
        "invalid parameter from the MFA service via NPS: session ID missing from the request",
        "mfa ext: the SessionId was null or empty according to the MFA service",
        "azure mfa via nps: invalid parameter, the request came without a session id",
    ]),
    ("InvalidParameter|ProofData", [
        "azure mfa couldn't resolve any proof data from the request or msods, invalid parameter via nps",
        "nps mfa: ProofData unknown, the service can't work out which verification details to use",
        "mfa extension gets invalid parameter back because the service couldn't find any proof data in the request or in MSODS",
    ]),
    ("InvalidParameter", [
        "NPS extension logging InvalidParameter from the MFA service, what does that mean?",
        "invalid parameter errors from azure mfa on the radius server, only some users",
        "azure mfa nps: the MFA service rejects the request with an invalid parameter, no detail on which one",
    ]),
    ("InternalError", [
        'intermittent internal errors from azure mfa through nps, is that support-ticket worthy?',
        "NPS extension got an internal error back from azure mfa, intermittent",
        "mfa service internal failure on some radius auths, nothing on our side changed",
        "azure mfa returned an internal error to the nps extension, is the service down?",
    ]),
    ("VersionNotSupported", [
        "the mfa service refuses our nps extension version, we're still on a 1.0 build from 2017",
        "NPS extension is years old and the MFA service now says the version isn't supported",
        "do I need to upgrade the azure mfa nps extension? the service rejects the version in the request",
        "outdated nps extension on the 2012 box, mfa says version not supported",
    ]),
    ("MFAPinNotSetup", [
        "NPS MFA says the user's PIN isn't set up",
        "azure mfa via radius expects a PIN the user never configured",
        "mfa pin not configured error on the nps extension for a user we migrated from MFA Server",
    ]),
    ("|AccessReject", [
        'NPS → MFA extension: nothing happens after the password step. AuthZ log says the request had response state AccessReject so it skipped the second factor. network policy or wrong password?',
        "no MFA prompt at all for VPN users, the NPS extension log says it only handles requests in AccessAccept state and this one was AccessReject so it was ignored",
        "mfa extension ignoring requests because the response state was reject. I think the password check fails first?",
        "the azure mfa extension says it only does secondary auth for accepted requests; ours arrived already rejected so it ignores them",
        "users never get the push. NPS denies them before the extension runs, the extension logs the request in reject state and ignores it",
        "&gt; only performs Secondary Auth for Radius requests in AccessAccept State\nand then it says the request was rejected and ignored. VPN via NPS, wrong password maybe?",
    ]),
    ("|AccessChallenge", [
        "the NPS MFA extension ignores our requests because they're in AccessChallenge state, we use PEAP",
        "mfa extension only does secondary auth on accepted requests, ours come in with challenge state so it ignores them",
        "EAP challenge state on radius and the azure mfa extension skips the request, response state AccessChallenge",
    ]),
    ("|Challenge requested in Authentication Ext", [
        '<@U0SEC42> number matching on the vpn: the extension logs challenge requested for every user now, was that you flipping OVERRIDE_NUMBER_MATCHING_WITH_OTP?',
        "since number matching got enforced, NPS logs that a challenge was requested in the authentication extension and VPN users get a box to type a code",
        "we set OVERRIDE_NUMBER_MATCHING_WITH_OTP and now the extension challenges users for an OTP instead of sending the push",
        "nps extension asks the vpn for a challenge for each user since the number matching rollout, is that expected?",
        "the extension says a challenge was requested for the user, and our fortigate shows an OTP prompt. normal?",
    ]),
    ("|NAS Identifier", [
        'our Cisco ASA radius requests come without NAS-IP-Address and the mfa extension logs that nas identifier and nas ip are both missing',
        "NPS extension warns that the radius request is missing the NAS Identifier and the NAS IP address attribute",
        "our wifi controller doesn't send NAS-Identifier or NAS-IP-Address, the mfa extension complains about it",
        "informational event from the azure mfa extension about a missing NAS id / NAS ip in the radius requests, safe to ignore?",
        "radius client not sending a nas identifier to NPS, mfa ext logs a notice each time",
    ]),
]

_FRAGMENTS: list[tuple[str | None, list[_Text]]] = [
    ("ESTS_TOKEN_ERROR", [
        "`ESTS TOKEN` on nps01 again",
        "ests_token_error on both nps servers",
        "&gt; Verify the client certificate is properly enrolled in Azure against your tenant and the server can access URL in Registry STS_URL",
        "error in retrieving token details from request handle",
    ]),
    ("REGISTRY_CONFIG_ERROR", ["REGISTRY_CONFIG in the authz log", "registry config error nps extension"]),
    ("USERNAME_CANONICALIZATION_ERROR", ["USERNAME_CANONICALIZATION", "nps ext USERNAME_CANONICALIZ"]),
    ("CLIENT_CERT_INSTALL_ERROR", ["CLIENT_CERT_INSTALL after the renewal", "client cert install error"]),
    ("HTTPS_COMMUNICATION_ERROR", ["HTTPS COMMUNICATION ERROR from the mfa extension", "HTTPS_COMM"]),
    ("HTTP_CONNECT_ERROR", ["http connect error nps"]),
    ("REQUEST_FORMAT_ERROR", [
        "REQUEST_FORMAT",
        r"radius request missing mandatory radius username\identifier attribute",
    ]),
    ("REQUEST_MISSING_CODE", ["request missing code on the vpn nps"]),
    ("ALTERNATE_LOGIN_ID_ERROR", ["alternate login id error"]),
    ("ALTERNATE_LOGIN_ID_ERROR|userObjectSid", ["userObjectSid lookup failed"]),
    ("ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed", ["alternate loginid lookup failed"]),
    ("ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId value is empty", ["Alternate LoginId value is empty"]),
    ("NoDefaultAuthenticationMethodIsConfigured", [
        "NoDefaultAuthenticationMethod",
        "no default authentication method is configured",
        "No default authentication method was configured",
    ]),
    ("AuthenticationMethodNotConfigured", [
        "AuthenticationMethodNotConfig",
        "nps extension AuthenticationMethodNotConfiugred",
        "The specified authentication method was not configured",
    ]),
    ("AuthenticationMethodNotSupported", [
        "authentication method not supported azure mfa",
        "Specified authentication method is not supported",
    ]),
    ("SMSAuthFailedMaxAllowedCodeRetryReached", ["SMSAuthFailedMaxAllowedCodeRetry", "maximum allowed code retry reached"]),
    ("SMSAuthFailedWrongCodePinEntered", ["SMSAuthFailedWrongCodePin", "wrong code and pin entered. (onewaysms)"]),
    ("SMSAuthFailedWrongCodeEntered", ["SMSAuthFailedWrongCodeEnt", "text message otp incorrect"]),
    ("AccessDenied", ["azure mfa AccesDenied", "Caller tenant does not have access permissions"]),
    ("InvalidSession", ["azure mfa InvalidSesion", "specified session is invalid or may have expired"]),
    ("TenantIsBlocked", ["TenantIsBlokced from azure mfa", "azure mfa: tenant is blocked"]),
    ("ProofDataNotFound", ["nps: ProofDataNotFoud", "Proof data was not configured for the specified authentication method"]),
    ("OathCodeIncorrect", ["azure mfa OathCodeIncorect", r"wrong code entered\oath code incorrect"]),
    ("VersionNotSupported", ["VersionNotSuported from nps mfa", "version not supported error from the mfa extension"]),
    ("MFAPinNotSetup", ["mfa pin not setup nps"]),
    ("UserNotFound", [
        "usernotfound nps extension",
        "MSODS Graph call returned user not found",
        "The specified user was not found",
    ]),
    ("AuthenticationThrottled", ["nps ext: AuthenticationThrotled", "Too many attempts by user in a short period of time"]),
    ("AuthenticationMethodLimitReached", ["authentication method limit reached. throttling."]),
    ("BecAccessDenied", [
        "BecAcessDenied azure mfa",
        "MSODS Bec call returned access denied",
        "probably the username is not defined in the tenant",
    ]),
    ("InvalidFormat", ["StrongAuthenticationServiceInvalidParam", "phone number is in an unrecognizable format"]),
    ("InternalError", ["azure mfa nps InternalEror"]),
    ("InvalidParameter|Request must not be null", ["Request must not be null"]),
    ("InvalidParameter|ObjectId", ["ObjectId must not be null or empty for ReplicationScope"]),
    ("InvalidParameter|CompanyName", [r"the length of companyname {0}\ is longer than the maximum allowed length"]),
    ("InvalidParameter|UserPrincipalName", ["UserPrincipalName must not be null or empty"]),
    ("InvalidParameter|TenantId", ["provided TenantId is not in correct format"]),
    ("InvalidParameter|SessionId", ["SessionId must not be null or empty"]),
    ("InvalidParameter|ProofData", ["Could not resolve any ProofData from request or Msods"]),
    ("|AccessReject", ["Request received for User alice@contoso.com with response state AccessReject, ignoring request."]),
    ("|AccessChallenge", ["with response state AccessChallenge, ignoring request"]),
    ("|Challenge requested in Authentication Ext", ["Challenge requested in Authentication Ext for User"]),
    ("|NAS Identifier", [
        "Radius request is missing NAS Identifier and Nas IpAddress attribute",
        "missing nas identifier and nas ipaddress attribute",
    ]),
]

_NEGATIVES: list[tuple[str | None, list[_Text]]] = [
    (None, [(text, "nps-6273") for text in [
        "NPS keeps logging 6273 for one user: Network Policy Server denied access to a user. Reason Code: 16 Reason: Authentication failed due to a user credentials mismatch.",
        "event 6273 on the radius server, reason code 48, the connection request did not match any network policy. what am I missing in the policy conditions?",
        "6273 reason code 65: the Network Access Permission setting in the dial-in properties of the user account is set to Deny access. I thought we used NPS policy control?",
        "Getting 6273 with reason code 66, user tried an authentication method that isn't enabled on the matching network policy. WPA2-Enterprise wifi via NPS",
        "NPS denied access, reason code 23: an error occurred during the Network Policy Server use of the Extensible Authentication Protocol. cert on the NPS expired?",
        "6273 reason code 8, the specified user account does not exist. user typed contoso\\jdoe instead of the UPN",
        "nps 6273 reason 34: the user account that is specified in the RADIUS Access-Request message is disabled",
        "reason code 36 in event 6273, account locked out. our switches hammer NPS with the old password from a phone",
        "6273, Reason Code 22: The client could not be authenticated because the EAP type cannot be processed by the server. macbooks only",
        "NPS 6273 with reason code 265, the certificate chain was issued by an authority that is not trusted. wifi cert auth",
        "Network Policy Server denied access to a user, reason code 49, did not match any connection request policy. new switch added as a radius client yesterday",
        "6273 reason code 7: the specified domain does not exist. people logging in with an old NetBIOS name",
    ]]),
    (None, [(text, "nps-6274") for text in [
        "event 6274 Network Policy Server discarded the request for a user, reason code 3, the RADIUS request message was malformed",
        "NPS 6274 discarding requests, reason code 49, no connection request policy matched, from the new VPN concentrator",
        "6274 on both NPS boxes, reason 3, after the firewall team changed the shared secret on their side only",
        "seeing 6274s in the security log for accounting packets from the switch, what reason code means the client isn't configured?",
    ]]),
    (None, [(text, "rras-vpn") for text in [
        "Error 691: The remote connection was denied because the user name and password combination you provided is not recognized. user just reset his password",
        "vpn client error 812, connection prevented because of a policy configured on the RAS/VPN server. NPS policy says MS-CHAPv2 only",
        "L2TP VPN gives error 789, the security layer encountered a processing error during initial negotiations. preshared key maybe?",
        "windows 10 always on vpn: error 809, network connection between your computer and the VPN server could not be established. NAT-T registry key?",
        "SSTP vpn error 0x80092013, revocation function couldn't check revocation because the revocation server was offline",
        "user gets 691 on the built-in windows vpn client only from home, RRAS with NPS for radius",
        "RRAS: error 720, a connection to the remote computer could not be established, no PPP control protocols configured",
        "812 again on the vpn for the finance group, I think the network policy's group condition is wrong",
        "Error 800 unable to establish the VPN connection on the laptops in the hotel wifi, RRAS on 2019",
        "The L2TP connection attempt failed because the security layer encountered a processing error — 789 after the new machine cert rollout",
        "RAS error 868 the remote connection was not made because the name of the remote access server did not resolve",
        "IKEv2 vpn: error 13801 IKE authentication credentials are unacceptable",
    ]]),
    (None, [(text, "bare-aadsts") for text in [
        "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication. Teams on a kiosk",
        "user gets AADSTS53003 access has been blocked by Conditional Access policies when opening Outlook on her phone",
        "AADSTS700016 application with identifier was not found in the directory contoso.onmicrosoft.com, our new line-of-business app registration",
        "AADSTS50126 error validating credentials due to invalid username or password, on the Office portal",
        "our internal app throws AADSTS7000112 application is disabled when users sign in, someone disabled the enterprise app",
        "AADSTS65001 the user or administrator has not consented to use the application, Power Automate connector",
        "AADSTS50079 user must enroll for MFA when signing into the Azure portal from a new laptop",
        "AADSTS500014 the service principal for resource is disabled, after a subscription lapsed on our dev tenant — terraform deployment",
        "AADSTS90038 national cloud redirect error when our github action logs into the china tenant",
        "AADSTS50058 silent sign-in request was sent but no user is signed in, SPA in Edge",
        "AADSTS700027 client assertion contains an invalid signature, our daemon app after rotating its cert",
    ]]),
    (None, [(text, "duo") for text in [
        "Duo authentication proxy logs 'primary credentials rejected' for VPN users since the AD password policy change",
        "duo auth proxy: 'Duo authentication failed: user denied the push' but user says they never got a push. radius to the ASA",
        "Duo RADIUS: 'Your organization's policy does not allow' error on the Cisco AnyConnect login for an unenrolled user",
        "authproxy.log shows 'RADIUS reply: Reject' with reason 'user not enrolled' on our duo proxy",
        "duo proxy can't reach api-xxxx.duosecurity.com, connection timed out, vpn mfa down",
        "Duo authentication proxy service won't start after upgrade, the config section [radius_server_auto] has an error",
    ]]),
    (None, [(text, "rsa") for text in [
        "RSA Authentication Manager says 'Authentication method failed' for a user with a new hardware token on the VPN",
        "SecurID: passcode reuse attack detected, user entered the same tokencode twice on the firewall login",
        "RSA radius: user in next tokencode mode, the vpn doesn't prompt for the second code",
        "RSA AM log: 'Node secret mismatch' for the radius client after we rebuilt the agent",
        "securid token clock out of sync, rsa console shows the token needs resync",
    ]]),
    (None, [(text, "okta") for text in [
        "Okta RADIUS agent: 'Invalid passcode' for users on the Palo Alto GlobalProtect login",
        "okta radius agent log says 'Authentication failed: No MFA factor enrolled' for a contractor",
        "Okta Verify push never arrives through the radius agent, timeout on the firewall is 5 seconds",
        "okta radius agent service can't reach the org URL, proxy blocks it",
        "Okta RADIUS app: user is not assigned to the app so the agent rejects them",
    ]]),
    (None, [(text, "win-4625") for text in [
        "4625 An account failed to log on. Failure Reason: Unknown user name or bad password. Status: 0xC000006D Sub Status: 0xC000006A, from the RDS host",
        "tons of 4625 logon type 3 on the DC, sub status 0xC0000064 user name does not exist, someone spraying?",
        "event 4625 account locked out, status 0xC0000234, on the file server for a service account",
        "4625 failure reason: the user has not been granted the requested logon type at this machine",
        "security log 4625 with logon type 10 from random IPs on the jump box",
        "Audit failure 4625, status 0xC0000072 account currently disabled, when a leaver's scheduled task runs",
    ]]),
    (None, [(text, "other-product") for text in [
        "aws s3 cp fails: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied",
        "S3 bucket policy change and now the app gets AccessDenied on GetObject",
        "Cognito: UserNotFoundException: User does not exist. when calling InitiateAuth from the login lambda",
        "our signup flow throws UserNotFoundException from cognito for users who signed up with Google",
        "az vm create fails with (InvalidParameter) The value of parameter imageReference.sku is invalid",
        "Azure deployment error InvalidParameter: Required parameter 'adminPassword' is missing (null)",
        "AWS lambda InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda",
        "Twilio error 21211 Invalid 'To' Phone Number for our appointment reminders",
        "Graph API returns Request_ResourceNotFound when we look up a user by UPN right after creating them",
        "Graph throttling: 429 Too Many Requests, retry-after 30 on the mailbox export script",
        "azure storage returns AuthenticationFailed, server failed to authenticate the request, SAS token expired",
        "Stripe: invalid_request_error, no such customer, in the billing webhook",
        "the wildcard TLS certificate on the intranet expired this morning, browsers show NET::ERR_CERT_DATE_INVALID",
        "Jenkins session expired, please log in again — every 10 minutes since the plugin update",
        "postgres: FATAL: too many connections for role app_user",
        "kubectl: error: You must be logged in to the server (Unauthorized), token expired",
        "ADFS event 364 encountered error during federation passive request, relying party trust not found",
        "LDAP bind failed from the printer scan-to-email, 80090308 data 52e",
    ]]),
    (None, [(text, "helpdesk-mfa") for text in [
        "how do I register the authenticator app on my new phone?",
        "got a new iphone, how do I move my microsoft authenticator accounts over",
        "user lost her phone, can someone issue a temporary access pass so she can sign in",
        "where do I reset a user's MFA methods in the Entra admin center now? the old per-user page moved",
        "can we turn on number matching for outlook sign-ins? people keep approving random pushes",
        "is there a report of who hasn't registered for MFA yet? security wants numbers by friday",
        "authenticator keeps asking me to approve sign-ins I didn't make, should I be worried?",
        "SMS codes for O365 aren't arriving for a user in Germany, anyone else?",
        "can we use FIDO2 keys instead of the authenticator for the admins?",
        "is Azure MFA Server really retired? we still have one box running it for the old citrix",
        "do we need Entra ID P1 for conditional access with MFA on the guests?",
        "reminder: everyone must re-register MFA by the 15th, see the email from IT",
        "how do I exclude the office's public IP from the MFA prompt",
        "my authenticator shows a code but the website wants a push, help",
        "MFA prompt every time I open Teams, is that normal after the policy change?",
        "<@U0HELPDSK> can you reset MFA for the new intern, she registered the wrong phone number",
        "what's the best authenticator app for android, the microsoft one or google?",
        "we're rolling out MFA to the warehouse staff next month, any tips for people without smartphones?",
        "user blocked from MFA after travelling, can an admin unblock him in the portal?",
        "quick poll: SMS or app for MFA for the board members?",
    ]]),
    (None, [(text, "nps-chat") for text in [
        "heads up: upgrading the NPS extension on nps01 tonight at 22:00, VPN MFA may blip",
        "new NPS extension version is out, anyone read the release notes yet?",
        "how many NPS servers do we want for HA once the azure mfa extension is on them?",
        "planning to move the wifi radius to NPS with the MFA extension next quarter, thoughts?",
        "NPS extension for Azure MFA installed on the test box, first login worked 🎉",
        "does the nps extension log to the AuthZ channel or the AuthN one? just curious for the runbook",
        "writing the change ticket for the NPS certificate renewal next month, who approves?",
        "ok the MFA on the VPN is working again after the restart, thanks all",
    ]]),
    (None, [(text, "same-words") for text in [
        "firewall change window tonight, outbound 443 to the CDN will be blocked for 10 minutes",
        "DNS resolution fails for the printers in building B again",
        "the proxy blocks github downloads again, who do I ask",
        "connection timed out to the SQL server from the app tier",
        "the registry key for the old antivirus is still there after uninstall",
        "session expired on the HR portal every five minutes, is that a browser thing?",
        "tenant is blocked from sharing with external domains, how do I allow fabrikam.com in SharePoint?",
        "wrong code entered on the door keypad three times and now it's locked, facilities?",
        "user not found in the ticketing system after the name change",
        "phone number format in the HR export has dashes, can someone clean it before import?",
    ]]),
]

DESCRIPTIONS = _deal("description", _DESCRIPTIONS)
FRAGMENTS = _deal("fragment", _FRAGMENTS)
NEGATIVES = _deal("negative", _NEGATIVES)
CASES: tuple[Case, ...] = DESCRIPTIONS + FRAGMENTS + NEGATIVES
