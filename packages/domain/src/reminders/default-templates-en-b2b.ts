import type { StepTemplate } from './scenario'

type Templates = Readonly<Record<'fr' | 'en' | 'de' | 'es', StepTemplate>>

// Templates of the generic English B2B scenario: no country's statute is cited, so any creditor can start
// from it. Its SMS, call, broken-promise and broken-plan steps reuse the French B2B texts, which cite no law
// either.

export const EN_B2B_PRE_DUE: Templates = {
  en: {
    subject: 'Upcoming payment – {{creditor.name}}',
    body: `Hello,

A friendly reminder that the following invoices fall due in the next few days:

{{invoices.table}}

Total: {{totals}}

If payment is already scheduled, thank you – no action is needed.

You can download your invoices and pay online, by card or bank transfer, from your customer area: {{portal.link}}

Any question? Just reply to this e-mail or write to {{creditor.email}}.

Kind regards,

Accounts Receivable
{{creditor.name}}`,
  },
  fr: {
    subject: 'Échéance prochaine – {{creditor.name}}',
    body: `Bonjour,

Nous vous rappelons que les factures ci-dessous arrivent à échéance dans les prochains jours :

{{invoices.table}}

Montant total : {{totals}}

Si votre règlement est déjà programmé, merci : vous n'avez rien à faire.

Vous pouvez télécharger vos factures et les régler en ligne, par carte ou par virement, depuis votre espace client : {{portal.link}}

Une question ? Répondez simplement à ce courriel ou écrivez-nous à {{creditor.email}}.

Cordialement,

Le service comptabilité clients
{{creditor.name}}`,
  },
  de: {
    subject: 'Bevorstehende Fälligkeit – {{creditor.name}}',
    body: `Guten Tag,

wir möchten Sie freundlich daran erinnern, dass die folgenden Rechnungen in den nächsten Tagen fällig werden:

{{invoices.table}}

Gesamtbetrag: {{totals}}

Ist die Zahlung bereits eingeplant, vielen Dank – Sie müssen nichts weiter tun.

In Ihrem Kundenbereich können Sie Ihre Rechnungen herunterladen und online per Karte oder Überweisung bezahlen: {{portal.link}}

Fragen? Antworten Sie einfach auf diese E-Mail oder schreiben Sie an {{creditor.email}}.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}`,
  },
  es: {
    subject: 'Próximo vencimiento – {{creditor.name}}',
    body: `Hola:

Le recordamos que las siguientes facturas vencen en los próximos días:

{{invoices.table}}

Importe total: {{totals}}

Si el pago ya está programado, muchas gracias: no tiene que hacer nada más.

Puede descargar sus facturas y pagarlas en línea, con tarjeta o por transferencia, desde su área de cliente: {{portal.link}}

¿Alguna pregunta? Responda a este correo o escríbanos a {{creditor.email}}.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}`,
  },
}

export const EN_B2B_OVERDUE_1: Templates = {
  en: {
    subject: 'Your invoices are now overdue – {{creditor.name}}',
    body: `Hello,

Our records show that the following invoices are now past their due date:

{{invoices.table}}

Amount outstanding: {{totals}}

If payment is on its way, thank you, and please ignore this e-mail. Otherwise, you can pay in a minute from your customer area: {{portal.link}}

If something is holding up payment – a missing purchase order, an error on the invoice, a question about the goods or services – let us know there and we will sort it out quickly.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  fr: {
    subject: 'Vos factures sont échues – {{creditor.name}}',
    body: `Bonjour,

Selon nos écritures, les factures suivantes ont dépassé leur date d'échéance :

{{invoices.table}}

Montant restant dû : {{totals}}

Si votre règlement est en cours, merci de ne pas tenir compte de ce courriel. Sinon, vous pouvez régler en une minute depuis votre espace client : {{portal.link}}

Si quelque chose bloque le paiement (bon de commande manquant, erreur sur la facture, question sur la prestation), signalez-le-nous depuis ce même espace : nous le réglerons rapidement.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Ihre Rechnungen sind überfällig – {{creditor.name}}',
    body: `Guten Tag,

laut unseren Unterlagen haben die folgenden Rechnungen ihr Fälligkeitsdatum überschritten:

{{invoices.table}}

Offener Betrag: {{totals}}

Ist die Zahlung unterwegs, vielen Dank – dann betrachten Sie diese E-Mail bitte als gegenstandslos. Andernfalls können Sie in einer Minute in Ihrem Kundenbereich bezahlen: {{portal.link}}

Hält etwas die Zahlung auf – eine fehlende Bestellnummer, ein Fehler auf der Rechnung, eine Frage zur Leistung –, teilen Sie es uns dort mit; wir klären es schnell.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Sus facturas están vencidas – {{creditor.name}}',
    body: `Hola:

Según nuestros registros, las siguientes facturas han superado su fecha de vencimiento:

{{invoices.table}}

Importe pendiente: {{totals}}

Si el pago ya está en camino, muchas gracias; no tenga en cuenta este correo. Si no, puede pagar en un minuto desde su área de cliente: {{portal.link}}

Si algo impide el pago (falta un número de pedido, un error en la factura, una duda sobre el servicio), indíquenoslo allí y lo resolveremos rápidamente.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}

export const EN_B2B_OVERDUE_7: Templates = {
  en: {
    subject: 'Second reminder: payment overdue – {{creditor.name}}',
    body: `Dear Sir or Madam,

We wrote to you last week about the invoices below, which remain unpaid:

{{invoices.table}}

Amount outstanding: {{totals}}

Please arrange payment within seven days from your customer area: {{portal.link}}

If you cannot pay the full amount now, you can propose a payment plan or a payment date there. If you have already paid, please send us the payment date and reference so that we can match it.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  fr: {
    subject: 'Deuxième relance : règlement en retard – {{creditor.name}}',
    body: `Madame, Monsieur,

Nous vous avons écrit la semaine dernière au sujet des factures ci-dessous, qui restent impayées :

{{invoices.table}}

Montant restant dû : {{totals}}

Nous vous remercions de procéder au règlement sous sept jours depuis votre espace client : {{portal.link}}

Si vous ne pouvez pas régler la totalité dès maintenant, vous pouvez y proposer un échéancier ou une date de règlement. Si vous avez déjà payé, merci de nous communiquer la date et la référence du paiement afin que nous puissions le rapprocher.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Zweite Erinnerung: Zahlung überfällig – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

wir hatten Ihnen letzte Woche wegen der folgenden Rechnungen geschrieben, die weiterhin offen sind:

{{invoices.table}}

Offener Betrag: {{totals}}

Bitte veranlassen Sie die Zahlung innerhalb von sieben Tagen in Ihrem Kundenbereich: {{portal.link}}

Können Sie den vollen Betrag nicht sofort zahlen, können Sie dort eine Ratenzahlung oder einen Zahlungstermin vorschlagen. Haben Sie bereits bezahlt, senden Sie uns bitte Zahlungsdatum und Verwendungszweck, damit wir die Zahlung zuordnen können.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Segundo recordatorio: pago vencido – {{creditor.name}}',
    body: `Estimados señores:

La semana pasada les escribimos acerca de las facturas siguientes, que siguen pendientes de pago:

{{invoices.table}}

Importe pendiente: {{totals}}

Les rogamos que realicen el pago en un plazo de siete días desde su área de cliente: {{portal.link}}

Si no pueden abonar ahora la totalidad, pueden proponer allí un calendario de pagos o una fecha de pago. Si ya han pagado, envíennos la fecha y la referencia del pago para que podamos conciliarlo.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}

export const EN_B2B_FINAL_NOTICE: Templates = {
  en: {
    subject: 'FINAL NOTICE before legal action – {{creditor.name}}',
    body: `{{customer.name}}
{{customer.address}}

{{today}}

FINAL NOTICE

Dear Sir or Madam,

Despite our previous reminders, the following invoices remain unpaid:

{{invoices.table}}

Amount outstanding: {{totals}}

We now formally demand payment of this amount in full by {{deadline}}.

If we have not received payment by that date, we will pass this matter to our legal advisers or a collection agency without further notice, and we reserve the right to claim late-payment interest and compensation for recovery costs as the law allows.

You can pay immediately and securely from your customer area: {{portal.link}}
If you dispute any part of this amount, or have already paid, tell us before that date, from the same page or at {{creditor.email}}.

Yours faithfully,

Credit Control
{{creditor.name}}
{{creditor.address}}`,
  },
  fr: {
    subject: 'DERNIER AVIS avant action en justice – {{creditor.name}}',
    body: `{{customer.name}}
{{customer.address}}

Le {{today}}

MISE EN DEMEURE – DERNIER AVIS

Madame, Monsieur,

Malgré nos précédentes relances, les factures suivantes restent impayées :

{{invoices.table}}

Montant restant dû : {{totals}}

Nous vous mettons en demeure de régler l'intégralité de cette somme au plus tard le {{deadline}}.

À défaut de règlement à cette date, nous confierons ce dossier, sans autre avis, à notre conseil ou à un cabinet de recouvrement, et nous nous réservons le droit de réclamer les intérêts de retard et l'indemnisation des frais de recouvrement prévus par la loi.

Vous pouvez régler immédiatement et en toute sécurité depuis votre espace client : {{portal.link}}
Si vous contestez tout ou partie de cette somme, ou si vous avez déjà réglé, faites-le-nous savoir avant cette date, depuis ce même espace ou à l'adresse {{creditor.email}}.

Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

Le service recouvrement
{{creditor.name}}
{{creditor.address}}`,
  },
  de: {
    subject: 'LETZTE MAHNUNG vor rechtlichen Schritten – {{creditor.name}}',
    body: `{{customer.name}}
{{customer.address}}

{{today}}

LETZTE MAHNUNG

Sehr geehrte Damen und Herren,

trotz unserer bisherigen Erinnerungen sind die folgenden Rechnungen weiterhin unbezahlt:

{{invoices.table}}

Offener Betrag: {{totals}}

Wir fordern Sie hiermit förmlich auf, diesen Betrag bis spätestens {{deadline}} vollständig zu begleichen.

Geht die Zahlung bis dahin nicht ein, übergeben wir die Angelegenheit ohne weitere Ankündigung unseren Rechtsberatern oder einem Inkassounternehmen und behalten uns vor, Verzugszinsen und Beitreibungskosten im gesetzlich zulässigen Umfang geltend zu machen.

Sie können sofort und sicher in Ihrem Kundenbereich bezahlen: {{portal.link}}
Bestreiten Sie einen Teil des Betrags oder haben Sie bereits bezahlt, teilen Sie uns dies bitte vor diesem Datum dort oder an {{creditor.email}} mit.

Mit freundlichen Grüßen

Forderungsmanagement
{{creditor.name}}
{{creditor.address}}`,
  },
  es: {
    subject: 'ÚLTIMO AVISO antes de acciones legales – {{creditor.name}}',
    body: `{{customer.name}}
{{customer.address}}

{{today}}

ÚLTIMO AVISO

Estimados señores:

A pesar de nuestros recordatorios anteriores, las siguientes facturas siguen impagadas:

{{invoices.table}}

Importe pendiente: {{totals}}

Les requerimos formalmente el pago íntegro de esta cantidad a más tardar el {{deadline}}.

Si en esa fecha no hemos recibido el pago, trasladaremos el asunto sin más aviso a nuestros asesores jurídicos o a una agencia de recobro, y nos reservamos el derecho de reclamar los intereses de demora y la compensación por los gastos de cobro que permita la ley.

Pueden pagar de inmediato y de forma segura desde su área de cliente: {{portal.link}}
Si no están de acuerdo con alguna parte de este importe, o si ya han pagado, indíquennoslo antes de esa fecha, desde esa misma área o en {{creditor.email}}.

Atentamente,

Departamento de recobro
{{creditor.name}}
{{creditor.address}}`,
  },
}

export const EN_B2B_ESCALATE: Templates = {
  en: {
    subject: 'Decide on escalation – {{customer.name}}',
    body: `The final notice sent to {{customer.name}} has had no effect. Amount outstanding: {{totals}}.

{{invoices.table}}

Before any further action:
- check that the notice was delivered and that no dispute is open;
- depending on the amount and the customer's solvency, choose: court proceedings, hand-over to a collection agency, or a provision for doubtful debt;
- consider putting the account on stop;
- check the limitation period that applies in the customer's country.

Record the decision and its reasons on the customer page.`,
  },
  fr: {
    subject: "Décider de l'escalade – {{customer.name}}",
    body: `Le dernier avis adressé à {{customer.name}} est resté sans effet. Montant restant dû : {{totals}}.

{{invoices.table}}

Avant toute nouvelle action :
- vérifier que l'avis a bien été reçu et qu'aucun litige n'est ouvert ;
- selon le montant et la solvabilité du client, choisir : action en justice, transmission à un cabinet de recouvrement, ou provision pour créance douteuse ;
- envisager de bloquer le compte client ;
- vérifier le délai de prescription applicable dans le pays du client.

Consigner la décision et sa justification dans la fiche client.`,
  },
  de: {
    subject: 'Über die Eskalation entscheiden – {{customer.name}}',
    body: `Die letzte Mahnung an {{customer.name}} ist ohne Wirkung geblieben. Offener Betrag: {{totals}}.

{{invoices.table}}

Vor jedem weiteren Schritt:
- prüfen, ob die Mahnung zugestellt wurde und keine Reklamation offen ist;
- je nach Betrag und Bonität wählen: gerichtliches Verfahren, Übergabe an ein Inkassobüro oder Wertberichtigung;
- eine Liefersperre erwägen;
- die im Land des Kunden geltende Verjährungsfrist prüfen.

Entscheidung und Begründung in der Kundenakte festhalten.`,
  },
  es: {
    subject: 'Decidir la escalada – {{customer.name}}',
    body: `El último aviso enviado a {{customer.name}} no ha surtido efecto. Importe pendiente: {{totals}}.

{{invoices.table}}

Antes de cualquier nueva acción:
- comprobar que el aviso fue entregado y que no hay ninguna reclamación abierta;
- según el importe y la solvencia del cliente, elegir: acción judicial, traspaso a una agencia de recobro o dotación por insolvencia;
- valorar el bloqueo de la cuenta del cliente;
- comprobar el plazo de prescripción aplicable en el país del cliente.

Registrar la decisión y su justificación en la ficha del cliente.`,
  },
}
