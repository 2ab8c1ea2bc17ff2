// Saving and deleting one canned reply (快捷回复), for the console (personal replies) and the
// board (department replies); a failure is shown until dismissed. Resolves true on success.
import { api, notice, apiErrorText } from './common.js';

export async function saveCanned(editing, body, changes = body) {
  try {
    if (editing) await api('/api/canned/' + editing.id, { method: 'PUT', body: changes });
    else await api('/api/canned', { method: 'POST', body });
    return true;
  } catch (err) {
    notice(apiErrorText(err, '保存快捷回复'));
    return false;
  }
}

export async function deleteCanned(r) {
  try {
    await api('/api/canned/' + r.id, { method: 'DELETE' });
    return true;
  } catch (err) {
    notice(apiErrorText(err, '删除快捷回复'));
    return false;
  }
}
