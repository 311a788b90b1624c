r"""A held-out set of realistic pastes, written independently of the matcher's own tests.

Each ``Paste`` says which errors a person reading it would expect the bot to answer with
confidently, in order of appearance. A label is a code ("ESTS_TOKEN_ERROR"), or, for codes
that have several messages, ``"CODE|fragment"`` when the paste pins the message down: the
match must then name the entry whose message contains the fragment. ``[]`` means the bot
should stay silent (or only suggest). ``Described`` items are problems told in words: the
bot must not be confident, but one of ``acceptable`` must be among its suggestions.

The texts imitate what reaches the bot from Slack: ``&gt;`` for quoted lines and escaped
XML, ``<@U…>`` mentions, ``<url|label>`` links, `code`, ```blocks```, *bold*, _italics_.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.results import Match


@dataclass(frozen=True)
class Paste:
    kind: str
    text: str
    codes: tuple[str, ...]
    explicit: bool = False
    note: str = ""


@dataclass(frozen=True)
class Described:
    text: str
    acceptable: tuple[str, ...]  # at least one of these codes must be suggested
    note: str = ""


def _event(source: str, description: str, *, log: str = "", event_id: int = 3,
           level: str = "Error", date: str = "3/14/2024 9:02:17 AM",
           computer: str = "NPS01.corp.contoso.com") -> str:
    """An event as Event Viewer's "Copy details as text" renders it."""
    log = log or ("AuthNOptCh" if source.endswith("AuthN") else "AuthZOptCh")
    return (
        f"Log Name:      {log}\n"
        f"Source:        {source}\n"
        f"Date:          {date}\n"
        f"Event ID:      {event_id}\n"
        "Task Category: None\n"
        f"Level:         {level}\n"
        "Keywords:      \n"
        "User:          NETWORK SERVICE\n"
        f"Computer:      {computer}\n"
        "Description:\n"
        f"{description}\n"
    )


AUTHN = "Microsoft-AzureMfa-AuthN"
AUTHZ = "Microsoft-AzureMfa-AuthZ"


def _exception(cid: str, user: str, code: str, msg: str) -> str:
    return (f"NPS Extension for Azure MFA: CID: {cid} :Exception in Authentication Ext for "
            f"User {user} :: ErrorCode:: CID :{cid} {code} Msg:: {msg}")


def _rejected(cid: str, user: str, code: str, message: str) -> str:
    return (f"NPS Extension for Azure MFA:  CID: {cid} : Access Rejected for user {user} "
            f"with Azure MFA response: {code} and message: {message}")


_ESTS_MSG = ("Verify the client certificate is properly enrolled in Azure against your tenant "
             "and the server can access URL in Registry STS_URL. Error authenticating to eSTS: "
             "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key "
             "was not found., Thumbprint of key used by client: '3F2A9C41D0E8B7A6F5C4D3E2B1A0"
             "9F8E7D6C5B4A']")

EVENTS = [
    Paste("event", _event(AUTHN, _exception(
        "6d0c7d22-43b1-4a6f-9d3e-1f2a3b4c5d6e", "alice@contoso.com", "ESTS_TOKEN_ERROR",
        _ESTS_MSG)), ("ESTS_TOKEN_ERROR",)),
    Paste("event", _event(AUTHZ, _rejected(
        "0b7f3c2e-8a41-4d5e-b0c9-77e1a2f3d4c5", "bob@contoso.com", "InvalidSession",
        "The specified session is invalid or may have expired"), event_id=1),
        ("InvalidSession",)),
    Paste("event", _event(AUTHN, _exception(
        "a1b2c3d4-e5f6-4789-a0b1-c2d3e4f5a6b7", "carol@fabrikam.com", "CLIENT_CERT_INSTALL_ERROR",
        "Verify the client certificate is properly installed and associated with your tenant. "
        "Error getting certificate for tenant 72f988bf-86f1-41af-91ab-2d7cd011db47: Cannot "
        "find certificate.")), ("CLIENT_CERT_INSTALL_ERROR",)),
    Paste("event", _event(AUTHN, _exception(
        "11111111-2222-4333-8444-555555555555", "dave@contoso.com", "REGISTRY_CONFIG_ERROR",
        "Reading registry value TENANT_ID failed under HKLM\\SOFTWARE\\Microsoft\\AzureMfa. "
        "Verify that the key exists."), computer="NPS02.corp.contoso.com"),
        ("REGISTRY_CONFIG_ERROR",)),
    Paste("event", _event(AUTHN, _exception(
        "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a", "erin@contoso.com", "HTTPS_COMMUNICATION_ERROR",
        "Verify the NPS server is able to receive responses from Azure MFA. Error in Https "
        "request: The operation timed out")), ("HTTPS_COMMUNICATION_ERROR",)),
    Paste("event", _event(AUTHN, _exception(
        "4f3e2d1c-0b9a-4887-a665-544332211000", "frank@contoso.com", "HTTP_CONNECT_ERROR",
        "Verify that the server can reach https://adnotifications.windowsazure.com. Error in "
        "Http request: A connection attempt failed because the connected party did not "
        "properly respond after a period of time")), ("HTTP_CONNECT_ERROR",)),
    Paste("event", _event(AUTHN, _exception(
        "c0ffee00-1234-4567-89ab-cdef01234567", "", "REQUEST_FORMAT_ERROR",
        "Radius Request missing mandatory Radius userName\\Identifier attribute.Verify that NPS "
        "is receiving RADIUS requests")), ("REQUEST_FORMAT_ERROR",),
        note="empty user: the Exception line then has two spaces before ::"),
    Paste("event", _event(AUTHN, _exception(
        "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", "CHILD\\gina", "USERNAME_CANONICALIZATION_ERROR",
        "Verify the user is present in local AD and NPS service has permissions to access the "
        "directory. Error in looking up user: No such object")),
        ("USERNAME_CANONICALIZATION_ERROR",)),
    Paste("event", _event(AUTHN, _exception(
        "5d4c3b2a-1908-4776-a655-443322110099", "hank@contoso.com", "ALTERNATE_LOGIN_ID_ERROR",
        "Error: Alternate LoginId lookup failed")),
        ("ALTERNATE_LOGIN_ID_ERROR|Alternate LoginId lookup failed",)),
    Paste("event", _event(AUTHZ, _rejected(
        "2468ace0-1357-49bd-8f00-abcdefabcdef", "ivan@fabrikam.com", "AccessDenied",
        "Caller tenant does not have access permissions to do authentication for the user"),
        event_id=1), ("AccessDenied",)),
    Paste("event", _event(AUTHZ, _rejected(
        "13579bdf-2468-4ace-9bdf-0123456789ab", "judy@contoso.com", "BecAccessDenied",
        "MSODS Bec call returned access denied, probably the username is not defined in the "
        "tenant"), event_id=1), ("BecAccessDenied",)),
    Paste("event", _event(AUTHZ, _rejected(
        "fedcba98-7654-4321-8fed-cba987654321", "kim@contoso.com",
        "NoDefaultAuthenticationMethodIsConfigured",
        "No default authentication method was configured for the user"), event_id=1),
        ("NoDefaultAuthenticationMethodIsConfigured",)),
    Paste("event", _event(AUTHZ, _rejected(
        "0a0b0c0d-0e0f-4a1b-9c2d-3e4f5a6b7c8d", "leo@contoso.com", "UserNotFound",
        "The specified user was not found"), event_id=1), ("UserNotFound",)),
    Paste("event", _event(AUTHZ, _rejected(
        "abcdef01-2345-4678-9abc-def012345678", "mia@contoso.com", "InvalidParameter",
        "SessionId must not be null or empty"), event_id=1),
        ("InvalidParameter|SessionId must not be null",)),
    Paste("event", _event(AUTHZ, _rejected(
        "98765432-10fe-4dcb-a987-6543210fedcb", "ned@contoso.com",
        "SMSAuthFailedMaxAllowedCodeRetryReached", "Maximum allowed code retry reached"),
        event_id=1, level="Warning"), ("SMSAuthFailedMaxAllowedCodeRetryReached",)),
    Paste("event", _event(
        AUTHZ,
        "NPS Extension for Microsoft Entra multifactor authentication:  CID: 3c2b1a09-8f7e-4d6c-"
        "b5a4-938271605f4e : Access Rejected for user olga@contoso.com with Azure MFA response: "
        "AuthenticationMethodNotConfigured and message: The specified authentication method "
        "wasn't configured for the user", event_id=1),
        ("AuthenticationMethodNotConfigured",), note="newer product name and wording"),
    Paste("event", _event(AUTHN, _exception(
        "55aa55aa-66bb-4c77-8d88-99ee99ee00ff", "pat@contoso.com", "REQUEST_MISSING_CODE",
        "Verify password encryption protocol between NPS and NAS server supports the secondary "
        "authentication method being used")), ("REQUEST_MISSING_CODE",)),
    Paste("event", _event(AUTHZ, _rejected(
        "e1e2e3e4-f5f6-4a7a-8b8b-9c9c0d0d1e1e", "quinn@contoso.com", "ProofDataNotFound",
        "Proof data was not configured for the specified authentication method."), event_id=1),
        ("ProofDataNotFound",)),
    Paste("event", _event(AUTHZ, _rejected(
        "77777777-8888-4999-aaaa-bbbbbbbbbbbb", "rita@contoso.com", "OathCodeIncorrect",
        "Wrong code entered\\OATH Code Incorrect"), event_id=1, level="Warning"),
        ("OathCodeIncorrect",)),
    Paste("event", _event(AUTHZ, _rejected(
        "31415926-5358-4979-8323-846264338327", "sam@contoso.com", "AuthenticationThrottled",
        "Too many attempts by user in a short period of time. Throttling."), event_id=1),
        ("AuthenticationThrottled",)),
    Paste("event", _event(AUTHZ, _rejected(
        "27182818-2845-4904-a523-536028747135", "tina@contoso.com", "MFAPinNotSetup", ""),
        event_id=1), ("MFAPinNotSetup",), note="code with no message: 'and message: ' is empty"),
    Paste("event", _event(AUTHN, _exception(
        "16180339-8874-4989-a848-204586834365", "uma@contoso.com", "CONTACT_SUPPORT",
        "Unexpected error. Please contact support with the CID.")), ("CONTACT_SUPPORT",)),
    Paste("event", _event(AUTHZ, _rejected(
        "42424242-4242-4424-8242-424242424242", "vic@contoso.com", "InternalError", ""),
        event_id=1), ("InternalError",), note="generic code, but in an NPS event"),
    Paste("event", "Protokollname: AuthNOptCh\nQuelle:        Microsoft-AzureMfa-AuthN\nDatum:"
          "         14.03.2024 09:02:17\nEreignis-ID:   3\nEbene:         Fehler\nComputer:"
          "      NPS01.corp.contoso.de\nBeschreibung:\n" + _exception(
              "0d0d0d0d-1e1e-4f2f-8a3a-4b4b4b4b4b4b", "jan@contoso.de", "ESTS_TOKEN_ERROR",
              _ESTS_MSG), ("ESTS_TOKEN_ERROR",), note="German Event Viewer labels"),
    Paste("event", "NPS Extension for Azure MFA:  CID: 2c2c2c2c-3d3d-4e4e-8f5f-606060606060 : "
          "Access Rejected for user kat@contoso.com with Azure MFA response:InvalidSession,,,",
          ("InvalidSession",), note="code glued to its label and trailing commas"),
]

LOG_LINES = [
    Paste("log", "Level,Date and Time,Source,Event ID,Task Category\nWarning,3/14/2024 9:05:44 AM,"
          f"{AUTHZ},1,None,\"{_rejected('8badf00d-0000-4bad-b00d-8badf00d0000', 'will@contoso.com', 'SMSAuthFailedWrongCodeEntered', 'Wrong code entered/Text Message OTP Incorrect')}\"",  # noqa: E501
          ("SMSAuthFailedWrongCodeEntered",), note="Event Viewer 'Save as CSV' row"),
    Paste("log", '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n'
          '  <System>\n    <Provider Name="Microsoft-AzureMfa-AuthN" '
          'Guid="{7237ed00-e119-430b-ab0f-c63360c8ee81}" />\n    <EventID>3</EventID>\n'
          '    <Level>2</Level>\n    <TimeCreated SystemTime="2024-03-14T09:02:17.8812345Z" />\n'
          '    <Computer>NPS01.corp.contoso.com</Computer>\n  </System>\n  <EventData>\n'
          f"    <Data>{_exception('aa11bb22-cc33-4d44-8e55-ff6677889900', 'xena@contoso.com', 'ESTS_TOKEN_ERROR', _ESTS_MSG)}</Data>\n"  # noqa: E501
          "  </EventData>\n</Event>", ("ESTS_TOKEN_ERROR",), note="Event Viewer XML view"),
    Paste("log", "TimeCreated  : 3/14/2024 9:11:02 AM\nProviderName : Microsoft-AzureMfa-AuthZ\n"
          "Id           : 1\nMessage      : "
          + _rejected("0f0e0d0c-0b0a-4909-8807-060504030201", "yuri@contoso.com",
                      "AuthenticationMethodLimitReached",
                      "Authentication Method Limit Reached. Throttling."),
          ("AuthenticationMethodLimitReached",), note="Get-WinEvent | Format-List"),
    Paste("log", "   ProviderName: Microsoft-AzureMfa-AuthZ\n\nTimeCreated                     Id "
          "LevelDisplayName Message\n-----------                     -- ---------------- "
          "-------\n3/14/2024 9:11:02 AM             1 Error            NPS Extension for Azure "
          "MFA:  CID: 0f0e0d0c-0b0a-4909-8807-060504030201 : Access Rejected for user yuri@c...",
          (), note="Get-WinEvent table: the message is cut before the code"),
    Paste("log", "2024-03-14T09:02:17.412Z nps01 AzureMfaNpsExt[2212]: ERROR ErrorCode:: "
          "HTTP_CONNECT_ERROR Msg:: Verify that the service is up and reachable. Error in Http "
          "request: No such host is known. (adnotifications.windowsazure.com:443)",
          ("HTTP_CONNECT_ERROR",), note="syslog-forwarded event"),
    Paste("log", _event("Microsoft-Windows-Security-Auditing",
                        "Network Policy Server denied access to a user.\n\nUser:\n\tSecurity ID:"
                        "\t\t\tCONTOSO\\zoe\n\tAccount Name:\t\t\tzoe@contoso.com\n\nReason Code:"
                        "\t\t\t21\nReason:\t\t\t\tAn NPS extension dynamic link library (DLL) "
                        "that is installed on the NPS server rejected the connection request.",
                        log="Security", event_id=6273, level="Information")
          + "\n" + _event(AUTHZ, _rejected("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
                                           "zoe@contoso.com", "TenantIsBlocked",
                                           "Tenant is blocked"), event_id=1),
          ("TenantIsBlocked",), note="the 6273 that usually comes with an extension reject"),
    Paste("log", "Event[0]:\n  Log Name: AuthZOptCh\n  Source: Microsoft-AzureMfa-AuthZ\n  Date: "
          "2024-03-14T09:20:01.000\n  Event ID: 1\n  Task: N/A\n  Level: Error\n  Opcode: Info\n"
          "  Keyword: N/A\n  User: S-1-5-20\n  User Name: NT AUTHORITY\\NETWORK SERVICE\n  "
          "Computer: NPS01.corp.contoso.com\n  Description: \n"
          + _rejected("d4d4d4d4-e5e5-4f6f-8a7a-b8b8b8b8b8b8", "abe@contoso.com", "InvalidFormat",
                      "The phone number is in an unrecognizable format"),
          ("InvalidFormat",), note="wevtutil qe /f:text"),
    Paste("log", _rejected("b0b0b0b0-c1c1-4d2d-8e3e-f4f4f4f4f4f4", "bea@contoso.com",
                           "StrongAuthenticationServiceInvalidParameter",
                           "The phone number is in an unrecognizable format"),
          ("InvalidFormat",), note="the code's alias"),
]

CHAT = [
    Paste("chat", "hey team, getting REGISTRY_CONFIG_ERROR on nps02 since the patch, any idea?",
          ("REGISTRY_CONFIG_ERROR",)),
    Paste("chat", "anyone seen ESTS_TOKEN_ERROR after renewing the nps extension cert? restarted "
          "ias already, no change", ("ESTS_TOKEN_ERROR",)),
    Paste("chat", "VPN users failing MFA since 8am, event log on nps01 says InvalidSession for "
          "most of them. network team says no latency issues 🤷", ("InvalidSession",)),
    Paste("chat", "Quick q — new hire bob.smith@contoso.com can't VPN in, NPS ext logs "
          "BecAccessDenied. Is that an AAD Connect sync thing?", ("BecAccessDenied",)),
    Paste("chat", "<!here> NPS extension on RDGW01 throwing HTTPS_COMMUNICATION_ERROR every few "
          "minutes. proxy change last night?", ("HTTPS_COMMUNICATION_ERROR",)),
    Paste("chat", "got AuthenticationMethodNotConfigured for a contractor on the wifi radius, she "
          "says she set up the authenticator app yesterday",
          ("AuthenticationMethodNotConfigured",)),
    Paste("chat", "ugh, SMSAuthFailedWrongCodeEntered again for the same user, third time today. "
          "Should I just reset her methods?", ("SMSAuthFailedWrongCodeEntered",)),
    Paste("chat", "is CONTACT_SUPPORT something we can fix ourselves or do we really have to open "
          "a ticket with MS?", ("CONTACT_SUPPORT",)),
    Paste("chat", "after the in-place upgrade of NPS03 to 2022 we get MFAPinNotSetup for a "
          "handful of users, never seen it before", ("MFAPinNotSetup",)),
    Paste("chat", "Tried both nps boxes. nps01: HTTP_CONNECT_ERROR, nps02 works fine. firewall "
          "rule missing maybe?", ("HTTP_CONNECT_ERROR",)),
    Paste("chat", "AccessDenied from azure mfa for users in the fabrikam.com domain only, contoso "
          "users are fine", ("AccessDenied",)),
    Paste("chat", "TenantIsBlocked?? on all NPS servers since this morning. billing issue??",
          ("TenantIsBlocked",)),
    Paste("chat", "what does AccessDenied mean?", (),
          note="a bare plain-English code in a channel, no NPS context: stay silent"),
]

VARIANTS = [
    Paste("variant", "ests_token_error on nps01 again", ("ESTS_TOKEN_ERROR",)),
    Paste("variant", "Getting Ests-Token-Error after the cert renewal", ("ESTS_TOKEN_ERROR",)),
    Paste("variant", "NPS ext shows REGISTERY_CONFIG_ERROR, reinstalled already",
          ("REGISTRY_CONFIG_ERROR",)),
    Paste("variant", "HTTPS_COMMUNICATIONS_ERROR from the nps extension",
          ("HTTPS_COMMUNICATION_ERROR",)),
    Paste("variant", "event says client cert install error, cert expired last week I think",
          ("CLIENT_CERT_INSTALL_ERROR",)),
    Paste("variant", "USERNAME CANONICALIZATION ERROR for every user from the child domain",
          ("USERNAME_CANONICALIZATION_ERROR",)),
    Paste("variant", "alternate login id error since we switched the UPN suffix",
          ("ALTERNATE_LOGIN_ID_ERROR",)),
    Paste("variant", "NPS says OathCodeIncorect for jdoe, he swears the code was right",
          ("OathCodeIncorrect",)),
    Paste("variant", "invalidsession on the VPN again for the Sydney office (azure mfa)",
          ("InvalidSession",)),
    Paste("variant", "AuthenticationMethodNotConfgured for two new starters today",
          ("AuthenticationMethodNotConfigured",)),
    Paste("variant", "REGSITRY_CONFIG_ERROR on the new nps box", ("REGISTRY_CONFIG_ERROR",),
          note="transposed letters"),
    Paste("variant", "nps02 -> http_connect_error, nps01 ok", ("HTTP_CONNECT_ERROR",)),
    Paste("variant", "Event 3 on NPS01: ESTS TOKEN ERROR every 30s", ("ESTS_TOKEN_ERROR",)),
    Paste("variant", "Smsauthfailedwrongcodeentered for the third time",
          ("SMSAuthFailedWrongCodeEntered",)),
]

MESSAGES = [
    Paste("message", "The specified session is invalid or may have expired", ("InvalidSession",)),
    Paste("message", "&gt; The specified session is invalid or might be expired\n3rd time "
          "today for the same user", ("InvalidSession",), note="newer wording, quoted"),
    Paste("message", "Caller tenant doesn’t have access permissions to do authentication for "
          "the user", ("AccessDenied",), note="typographic apostrophe, copied from the web"),
    Paste("message", "The specified authentication method wasn't configured for the user",
          ("AuthenticationMethodNotConfigured",)),
    Paste("message", "Specified authentication method isn't supported.",
          ("AuthenticationMethodNotSupported",)),
    Paste("message", "Couldn't resolve any ProofData from request or Msods. The ProofData is "
          "unknown -- what is Msods?", ("InvalidParameter|Could not resolve any ProofData",)),
    Paste("message", "MSODS Bec call returned access denied, probably the username isn't "
          "defined in the tenant", ("BecAccessDenied",)),
    Paste("message", "Proof data wasn’t configured for the specified authentication method",
          ("ProofDataNotFound",)),
    Paste("message", "Error: Alternate LoginId value is empty -- for the svc-scanner account "
          "only", ("ALTERNATE_LOGIN_ID_ERROR|value is empty",)),
    Paste("message", "The length of CompanyName Contoso Holdings International Ltd is longer "
          "than the maximum allowed length 64", ("InvalidParameter|CompanyName",),
          note="placeholders filled in"),
    Paste("message", "ObjectId must not be null or empty for ReplicationScope:Tenant",
          ("InvalidParameter|ObjectId",)),
    Paste("message", "got 'Wrong code and pin entered. (OneWaySMS)' for a user still on the "
          "legacy SMS method", ("SMSAuthFailedWrongCodePinEntered",)),
    Paste("message", "msg says too many attempts by user in a short period of time. "
          "throttling. can we raise the limit?", ("AuthenticationThrottled",)),
    Paste("message", "No default authentication method was configured for the user",
          ("NoDefaultAuthenticationMethodIsConfigured",)),
    Paste("message", "Tenant is blocked", (), note="three plain words, no NPS context"),
    Paste("message", "she gets The phone number is in an unrecognizable format, typed it as "
          "0412 345 678", ("InvalidFormat",)),
    Paste("message", "Wrong code entered\\OATH Code Incorrect", ("OathCodeIncorrect",)),
    Paste("message", "user got Maximum allowed code retry reached. how do I unblock him?",
          ("SMSAuthFailedMaxAllowedCodeRetryReached",)),
]

MULTI = [
    Paste("multi", _event(AUTHN, _exception(
        "6d0c7d22-43b1-4a6f-9d3e-1f2a3b4c5d6e", "alice@contoso.com", "ESTS_TOKEN_ERROR",
        _ESTS_MSG), date="3/14/2024 9:02:17 AM") + "\n" + _event(AUTHN, _exception(
        "6d0c7d22-43b1-4a6f-9d3e-1f2a3b4c5d6f", "alice@contoso.com", "CLIENT_CERT_INSTALL_ERROR",
        "Verify the client certificate is properly installed and associated with your "
        "tenant."), date="3/14/2024 9:02:18 AM"),
        ("ESTS_TOKEN_ERROR", "CLIENT_CERT_INSTALL_ERROR")),
    Paste("multi", "nps01: HTTP_CONNECT_ERROR, nps02: HTTPS_COMMUNICATION_ERROR, nps03: fine. "
          "what the hell", ("HTTP_CONNECT_ERROR", "HTTPS_COMMUNICATION_ERROR")),
    Paste("multi", "\n".join([
        "TimeCreated  : 3/14/2024 9:11:02 AM",
        "Message      : " + _rejected("01010101-0202-4303-8404-050505050505", "amy@contoso.com",
                                      "InvalidSession",
                                      "The specified session is invalid or may have expired"),
        "",
        "TimeCreated  : 3/14/2024 9:12:40 AM",
        "Message      : " + _rejected("06060606-0707-4808-8909-0a0a0a0a0a0a", "ben@contoso.com",
                                      "OathCodeIncorrect",
                                      "Wrong code entered\\OATH Code Incorrect"),
        "",
        "TimeCreated  : 3/14/2024 9:13:05 AM",
        "Message      : " + _rejected("0b0b0b0b-0c0c-4d0d-8e0e-0f0f0f0f0f0f", "cat@contoso.com",
                                      "InvalidSession",
                                      "The specified session is invalid or may have expired"),
    ]), ("InvalidSession", "OathCodeIncorrect")),
    Paste("multi", _event(AUTHN, _exception(
        "10101010-2020-4030-8040-505050505050", "dan@contoso.com", "ALTERNATE_LOGIN_ID_ERROR",
        "Error: userObjectSid lookup failed")) + "\n" + _event(AUTHN, _exception(
        "60606060-7070-4080-8090-a0a0a0a0a0a0", "eve@contoso.com", "ALTERNATE_LOGIN_ID_ERROR",
        "Error: Alternate LoginId value is empty")),
        ("ALTERNATE_LOGIN_ID_ERROR|userObjectSid", "ALTERNATE_LOGIN_ID_ERROR|value is empty")),
    Paste("multi", _event(AUTHZ, _rejected(
        "b1b1b1b1-c2c2-4d3d-8e4e-f5f5f5f5f5f5", "fay@contoso.com", "UserNotFound",
        "The specified user was not found"), event_id=1) + "\nand a minute later on the same "
        "box:\n" + _event(AUTHN, _exception(
        "a9a9a9a9-b8b8-4c7c-8d6d-e5e5e5e5e5e5", "fay@contoso.com", "ESTS_TOKEN_ERROR",
        _ESTS_MSG)), ("UserNotFound", "ESTS_TOKEN_ERROR")),
    Paste("multi", _rejected("c3c3c3c3-d4d4-4e5e-8f6f-a7a7a7a7a7a7", "gus@contoso.com",
                             "InvalidParameter", "UserPrincipalName must not be null or empty")
          + "\n" + _rejected("d8d8d8d8-e9e9-4f0f-8a1a-b2b2b2b2b2b2", "gus@contoso.com",
                             "InvalidParameter", "The provided TenantId is not in correct format"),
          ("InvalidParameter|UserPrincipalName", "InvalidParameter|TenantId")),
]

WRAPPED = [
    Paste("wrapped", "NPS Extension for Azure MFA:  CID: 3e3e3e3e-4f4f-4a5a-8b6b-7c7c7c7c7c7c :\n"
          "Access Rejected for user hal@contoso.com with Azure MFA response:\n"
          "AuthenticationMethodNotConfigured and message: The specified\n"
          "authentication method was not configured for the user",
          ("AuthenticationMethodNotConfigured",)),
    Paste("wrapped", "Caller tenant does not have access permissions to do\n    authentication "
          "for the user", ("AccessDenied",)),
    Paste("wrapped", "NPS Extension for Azure MFA: CID: 8c8c8c8c-9d9d-4e0e-8f1f-202020202020 "
          ":Exception in Authentication Ext for User ida@contoso.com :: ErrorCode:: CID :8c8c8c\n"
          "8c-9d9d-4e0e-8f1f-202020202020 ESTS_TOKE\nN_ERROR Msg:: Verify the client certificate "
          "is properly enrolled in Azure ag\nainst your tenant", ("ESTS_TOKEN_ERROR",),
          note="hard-wrapped at a fixed width, splitting the code"),
    Paste("wrapped", "TimeCreated          Id Message\n-----------          -- -------\n"
          "3/14/2024 9:30:12 AM  3 NPS Extension for Azure MFA: CID: 1f1f1f1f-2e2e-4d3d-\n"
          "                        8c4c-5b5b5b5b5b5b :Exception in Authentication Ext for\n"
          "                        User jon@contoso.com :: ErrorCode:: CID :1f1f1f1f-2e2e-\n"
          "                        4d3d-8c4c-5b5b5b5b5b5b REGISTRY_CONFIG_ERROR Msg:: Reading\n"
          "                        registry value CLIENT_ID failed", ("REGISTRY_CONFIG_ERROR",),
          note="Format-Table -Wrap"),
    Paste("wrapped", "Radius Request missing mandatory Radius userName\\Identifier\n"
          "attribute.Verify that NPS is receiving RADIUS requests", ("REQUEST_FORMAT_ERROR",)),
]

MARKUP = [
    Paste("markup", "`ESTS_TOKEN_ERROR` on nps01 :fire:", ("ESTS_TOKEN_ERROR",)),
    Paste("markup", "```\n" + _event(AUTHZ, _rejected(
        "5e5e5e5e-6f6f-4a7a-8b8b-9c9c9c9c9c9c", "kai@contoso.com", "InvalidSession",
        "The specified session is invalid or may have expired"), event_id=1) + "```",
        ("InvalidSession",)),
    Paste("markup", "&gt; " + _rejected("d0d0d0d0-e1e1-4f2f-8a3a-b4b4b4b4b4b4", "lia@contoso.com",
                                        "OathCodeIncorrect",
                                        "Wrong code entered\\OATH Code Incorrect")
          + "\nis this the user or us?", ("OathCodeIncorrect",)),
    Paste("markup", "*CLIENT_CERT_INSTALL_ERROR* again :angry: <@U02ABCDEF> can you look? "
          "<https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-"
          "extension-errors|the docs> don't help", ("CLIENT_CERT_INSTALL_ERROR",)),
    Paste("markup", "_REQUEST_MISSING_CODE_ for the Meraki wifi, radius policy uses PEAP",
          ("REQUEST_MISSING_CODE",)),
    Paste("markup", "<!channel> *USERNAME_CANONICALIZATION_ERROR* for all users in "
          "child.contoso.com :rotating_light:", ("USERNAME_CANONICALIZATION_ERROR",)),
    Paste("markup", "&lt;EventData&gt;\n  &lt;Data&gt;"
          + _exception("e7e7e7e7-f8f8-4a9a-8b0b-c1c1c1c1c1c1", "max@contoso.com",
                       "HTTP_CONNECT_ERROR",
                       "Verify that the server can reach https://login.microsoftonline.com")
          + "&lt;/Data&gt;\n&lt;/EventData&gt;", ("HTTP_CONNECT_ERROR",),
          note="XML as Slack escapes it"),
    Paste("markup", "&gt; The specified user was not found\nwhat does that mean in NPS terms?",
          ("UserNotFound",)),
]

EXPLICIT = [
    Paste("explicit", "AccessDenied", ("AccessDenied",), explicit=True),
    Paste("explicit", "Tenant is blocked", ("TenantIsBlocked",), explicit=True),
    Paste("explicit", "what does InternalError mean", ("InternalError",), explicit=True),
    Paste("explicit", "VersionNotSupported", ("VersionNotSupported",), explicit=True),
    Paste("explicit", "ALTERNATE_LOGIN_ID_ERROR", ("ALTERNATE_LOGIN_ID_ERROR",), explicit=True),
    Paste("explicit", "invalid session", (), explicit=True,
          note="two plain words, not the code: a suggestion at most"),
]

NEGATIVES = [
    Paste("negative", "ORA-01017: invalid username/password; logon denied", ()),
    Paste("negative", "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - GET "
          "https://registry.npmjs.org/@contoso%2fui - Forbidden\nnpm ERR! 403 In most cases, "
          "you or one of your dependencies are requesting\nnpm ERR! 403 a package version that "
          "is forbidden by your security policy.", ()),
    Paste("negative", "Get-Item : Access is denied. (Exception from HRESULT: 0x80070005 "
          "(E_ACCESSDENIED))\nAt line:1 char:1", ()),
    Paste("negative", "AADSTS50076: Due to a configuration change made by your administrator, "
          "or because you moved to a new location, you must use multi-factor authentication to "
          "access '00000003-0000-0000-c000-000000000000'.", ()),
    Paste("negative", "Sign-in error code: 500121\nFailure reason: Authentication failed during "
          "strong authentication request.\nAdditional Details: The user didn't complete the MFA "
          "prompt. They may have decided not to authenticate, timed out while doing other work, "
          "or has an issue with their authentication setup.", ()),
    Paste("negative", "RDWeb on rdgw01 gives HTTP Error 500 - Internal Server Error: The page "
          "cannot be displayed because an internal server error has occurred.", ()),
    Paste("negative", _event("Microsoft-Windows-Security-Auditing",
                             "Network Policy Server denied access to a user.\n\nAuthentication "
                             "Details:\n\tConnection Request Policy Name:\tUse Windows "
                             "authentication for all users\n\tNetwork Policy Name:\t\tVPN "
                             "users\n\tAuthentication Provider:\t\tWindows\n\tAuthentication "
                             "Server:\t\tNPS01.corp.contoso.com\n\tAuthentication Type:\t\t"
                             "MS-CHAPv2\n\tReason Code:\t\t\t16\n\tReason:\t\t\t\tAuthentication "
                             "failed due to a user credentials mismatch. Either the user name "
                             "provided does not map to an existing user account or the password "
                             "was incorrect.", log="Security", event_id=6273,
                             level="Information"), ()),
    Paste("negative", "NPS event 6273 for jdoe: Reason Code 21, Reason: An NPS extension dynamic "
          "link library (DLL) that is installed on the NPS server rejected the connection "
          "request. Nothing in the AuthZ log though", (),
          note="extension context but no code"),
    Paste("negative", "An error occurred (AccessDenied) when calling the PutObject operation: "
          "User: arn:aws:iam::123456789012:user/ci-deploy is not authorized to perform: "
          "s3:PutObject", (), note="AWS S3"),
    Paste("negative", "aws sts get-session-token --serial-number arn:aws:iam::123456789012:mfa/"
          "jdoe --token-code 123456\n\nAn error occurred (AccessDenied) when calling the "
          "GetSessionToken operation: MultiFactorAuthentication failed with invalid MFA one "
          "time pass code.", (), note="AWS MFA: 'mfa' is not NPS context"),
    Paste("negative", '{\n  "error": {\n    "code": "InternalError",\n    "message": "An internal '
          'error has occurred. Please retry the request later."\n  }\n}', (), note="Azure ARM"),
    Paste("negative", "P2S on the Azure VPN gateway with RADIUS auth pointing at our NPS, the "
          "deployment fails:\n{\"status\":\"Failed\",\"error\":{\"code\":\"InvalidParameter\","
          "\"message\":\"Value '10.0.0.300' for property radiusServerAddress is invalid.\","
          "\"target\":\"vpnClientConfiguration\"}}", (),
          note="ARM InvalidParameter, with VPN/RADIUS/NPS words around it"),
    Paste("negative", "Event 4771 Kerberos pre-authentication failed. Account Name: jdoe "
          "Service Name: krbtgt/CONTOSO.COM Failure Code: 0x18 (KDC_ERR_PREAUTH_FAILED)", ()),
    Paste("negative", "LDAP: error code 49 - 80090308: LdapErr: DSID-0C09044E, comment: "
          "AcceptSecurityContext error, data 52e, v4563", ()),
    Paste("negative", "Mar 14 09:02:17 asa01 %ASA-6-113005: AAA user authentication Rejected : "
          "reason = AAA failure : server = 10.10.1.20 : user = ***** : user IP = 203.0.113.7", ()),
    Paste("negative", 'date=2024-03-14 time=09:02:17 devname="FGT-HQ" logid="0101039426" '
          'type="event" subtype="vpn" level="alert" logdesc="SSL VPN login fail" '
          'action="ssl-login-fail" tunneltype="ssl-web" remip=203.0.113.7 user="jdoe" '
          'group="N/A" reason="sslvpn_login_permission_denied" msg="SSL user failed to logged '
          'in"', ()),
    Paste("negative", '{"errorCode":"E0000068","errorSummary":"Invalid Passcode/Answer",'
          '"errorLink":"E0000068","errorId":"oaeXy7Q2o","errorCauses":[{"errorSummary":"Your '
          'passcode doesn\'t match our records. Please try again."}]}', (), note="Okta Verify"),
    Paste("negative", "Duo push not arriving for jdoe, the Duo admin panel says user not found. "
          "do we need to sync him via directory sync? he is in the VPN group", (),
          note="Duo MFA, not the NPS extension"),
    Paste("negative", "which tenant is the NPS extension registered against? want to double "
          "check before the migration", ()),
    Paste("negative", "RDP session to nps01 keeps dropping, is it just me?", ()),
    Paste("negative", "users getting access denied on the VPN since this morning, NPS looks "
          "fine, did someone change the radius secret?", ()),
    Paste("negative", "NPS log says user not found in AD for jdoe, typo in his UPN probably", (),
          note="'user not found' in words, about on-prem AD"),
    Paste("negative", "the KB article just says contact support for half the errors, not very "
          "useful", ()),
    Paste("negative", "jane typed the wrong code 3 times and now MFA wants her to wait, normal?",
          ()),
    Paste("negative", "FortiClient on the macs says 'VPN server version not supported' after the "
          "upgrade, windows clients fine", (), note="another product's message"),
    Paste("negative", "Salesforce API calls fail since we enforced MFA: INVALID_SESSION_ID: "
          "Session expired or invalid", ()),
    Paste("negative", "Cognito MFA sign-in: UserNotFoundException: User does not exist.", ()),
    Paste("negative", "java.lang.IllegalArgumentException: Request must not be null\n\tat "
          "org.springframework.util.Assert.notNull(Assert.java:201)\n\tat "
          "com.contoso.portal.AuthFilter.doFilter(AuthFilter.java:57)", (),
          note="Spring assertion with the same words as an InvalidParameter message"),
    Paste("negative", "jenkins webhook to github fails with an http connect error, anyone "
          "changed the proxy?", (), note="the code's words, about something else"),
    Paste("negative", "An account failed to log on. Failure Information: Failure Reason: "
          "Unknown user name or bad password. Status: 0xC000006D Sub Status: 0xC000006A", ()),
    Paste("negative", "Setting up the MFA registration campaign via Graph returns "
          '{"error":{"code":"InternalError","message":"An internal error occurred."}}', (),
          note="Graph, not the NPS extension"),
    Paste("negative", "thanks team 🙏 that fixed it, NPS is happy again", ()),
    Paste("negative", "KRB_AP_ERR_SKEW on the NPS server, clock was 7 minutes off", ()),
    Paste("negative", "Event 4402: There is no domain controller available for domain CONTOSO. "
          "(Source: NPS)", ()),
    Paste("negative", _event(AUTHZ, "NPS Extension for Azure MFA:  CID: 4a4a4a4a-5b5b-4c6c-8d7d-"
                             "8e8e8e8e8e8e : Access Accepted for user lou@contoso.com with Azure "
                             "MFA response: Success and message: ", event_id=2,
                             level="Information"), (), note="a success event"),
    Paste("event", _event(AUTHN, "NPS Extension for Azure MFA: CID: 9f9f9f9f-0a0a-4b1b-8c2c-"
                             "3d3d3d3d3d3d : Challenge requested in Authentication Ext for User "
                             "ron@contoso.com", event_id=1, level="Information"),
          ("|Challenge requested in Authentication Ext",),
          note="once a negative; issue 11 adds the entry (OTP over a protocol other than PAP)"),
]

LABELLED: list[Paste] = [
    *EVENTS, *LOG_LINES, *CHAT, *VARIANTS, *MESSAGES, *MULTI, *WRAPPED, *MARKUP, *EXPLICIT,
    *NEGATIVES,
]

DESCRIBED = [
    Described("nps extension can't get a token from azure ad since the cert renewal",
              ("ESTS_TOKEN_ERROR", "CLIENT_CERT_INSTALL_ERROR")),
    Described("the NPS extension certificate expired, how do I renew it?",
              ("CLIENT_CERT_INSTALL_ERROR", "ESTS_TOKEN_ERROR")),
    Described("NPS server can't reach adnotifications.windowsazure.com, firewall?",
              ("HTTPS_COMMUNICATION_ERROR", "HTTP_CONNECT_ERROR")),
    Described("registry key missing under HKLM\\SOFTWARE\\Microsoft\\AzureMfa after the install",
              ("REGISTRY_CONFIG_ERROR",)),
    Described("user keeps entering the wrong OTP code from the text message",
              ("SMSAuthFailedWrongCodeEntered", "OathCodeIncorrect")),
    Described("user is in on-prem AD but not synced to Azure AD, so MFA fails for him",
              ("BecAccessDenied",)),
    Described("something wrong with the phone number format on the user's MFA methods",
              ("InvalidFormat",)),
    Described("user never registered any MFA method, there is no default method set",
              ("NoDefaultAuthenticationMethodIsConfigured", "AuthenticationMethodNotConfigured")),
    Described("user took more than three minutes to approve the push and got rejected",
              ("InvalidSession",)),
    Described("too many MFA attempts, now the user is throttled",
              ("AuthenticationThrottled", "AuthenticationMethodLimitReached",
               "SMSAuthFailedMaxAllowedCodeRetryReached")),
    Described("NPS isn't getting the username attribute in the radius request from the RD "
              "gateway", ("REQUEST_FORMAT_ERROR",)),
    Described("user says wrong code entered on the phone even though the code is right",
              ("OathCodeIncorrect", "SMSAuthFailedWrongCodeEntered")),
]


def satisfies(match: Match, label: str) -> bool:
    """Does ``match`` meet one label ("CODE" or "CODE|message fragment")?"""
    code, _, fragment = label.partition("|")
    if match.code != code:
        return False
    return not fragment or (match.message_known and fragment in (match.entry.message or ""))
