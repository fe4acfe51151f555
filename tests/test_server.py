"""End-to-end checks of a running server with customer_archive installed (demo data)."""
import pytest
import requests

from conftest import RpcError

VALID_USCC = '91350100M000100Y43'      # check character 3 is right
INVALID_USCC = '91350100M000100Y44'    # same code, wrong check character
ARCHIVE_NAME = '测试客户有限公司'
INVALID_NAME = '无效信用代码测试有限公司'
NO_ACTIVE = {'context': {'active_test': False}}


def test_health(server_url):
    resp = requests.get(server_url + '/web/health', timeout=30)
    assert resp.status_code == 200
    assert resp.json().get('status') == 'pass'


def test_module_installed(admin):
    mods = admin.execute_kw('ir.module.module', 'search_read',
                            [[('name', '=', 'customer_archive')]], {'fields': ['state']})
    assert [m['state'] for m in mods] == ['installed']


def _purge(admin, domain):
    """Remove leftovers of earlier runs against the same database (as admin)."""
    ids = admin.execute_kw('res.partner', 'search', [domain], NO_ACTIVE)
    if ids:
        try:
            admin.execute_kw('res.partner', 'unlink', [ids])
        except RpcError:
            admin.execute_kw('res.partner', 'write', [ids, {'active': False, 'credit_code': False}])


@pytest.fixture
def clean_archive(admin):
    domain = ['|', ('credit_code', '=', VALID_USCC), ('name', 'in', [ARCHIVE_NAME, INVALID_NAME])]
    _purge(admin, domain)
    yield
    _purge(admin, domain)


def test_salesperson_creates_archive(ca_user, clean_archive):
    pid = ca_user.execute_kw('res.partner', 'create', [{
        'name': ARCHIVE_NAME,
        'is_customer_archive': True,
        'credit_code': VALID_USCC,
    }])
    assert isinstance(pid, int)
    [rec] = ca_user.execute_kw('res.partner', 'read', [[pid], ['name', 'archive_number', 'is_customer_archive']])
    assert rec['name'] == ARCHIVE_NAME
    assert rec['is_customer_archive'] is True
    assert rec['archive_number'], 'archive_number must be assigned on creation'


@pytest.fixture
def user_lang(ca_user):
    """Set ca_user's own language (a preferences field) to zh_CN; restore it afterwards."""
    [me] = ca_user.execute_kw('res.users', 'read', [[ca_user.uid], ['lang']])
    ca_user.execute_kw('res.users', 'write', [[ca_user.uid], {'lang': 'zh_CN'}])
    yield 'zh_CN'
    ca_user.execute_kw('res.users', 'write', [[ca_user.uid], {'lang': me['lang']}])


LABELS = {'credit_code': '统一社会信用代码', 'is_customer_archive': '客户档案'}


@pytest.mark.parametrize('field', sorted(LABELS))
def test_chinese_labels_web_session(web_session, user_lang, field):
    # The web session takes the language from the user's preferences.
    session = web_session('ca_user')
    assert session.user_context.get('lang') == 'zh_CN'
    # Like the web client, every call carries the session's user context.
    desc = session.call_kw('res.partner', 'fields_get', [[field]],
                           {'attributes': ['string'], 'context': session.user_context})
    assert desc[field]['string'] == LABELS[field]


@pytest.mark.parametrize('field', sorted(LABELS))
def test_chinese_labels_external_api(ca_user, user_lang, field):
    # The external API has no session: the language comes with the call's context.
    desc = ca_user.execute_kw('res.partner', 'fields_get', [[field]],
                              {'attributes': ['string'], 'context': {'lang': 'zh_CN'}})
    assert desc[field]['string'] == LABELS[field]


def test_invalid_credit_code_rejected(ca_user, clean_archive):
    domain = ['|', ('name', '=', INVALID_NAME), ('credit_code', '=', INVALID_USCC)]
    before = ca_user.execute_kw('res.partner', 'search_count', [domain], NO_ACTIVE)
    with pytest.raises(RpcError) as info:
        ca_user.execute_kw('res.partner', 'create', [{
            'name': INVALID_NAME,
            'is_customer_archive': True,
            'credit_code': INVALID_USCC,
        }])
    err = info.value
    assert err.name in ('odoo.exceptions.ValidationError', 'odoo.exceptions.UserError'), err
    label = ca_user.execute_kw('res.partner', 'fields_get', [['credit_code']],
                               {'attributes': ['string']})['credit_code']['string']
    message = err.message.lower()
    assert INVALID_USCC.lower() in message, err.message
    # The whole message is in one language: the field label as well.
    [me] = ca_user.execute_kw('res.users', 'read', [[ca_user.uid], ['lang']])
    if me['lang'] == 'zh_CN':
        assert '统一社会信用代码' in err.message, err.message
    assert any(word.lower() in message for word in (label, 'credit code', 'credit_code', '信用代码')), err.message
    after = ca_user.execute_kw('res.partner', 'search_count', [domain], NO_ACTIVE)
    assert after == before
